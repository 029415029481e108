using Microsoft.Playwright;
using OpenMss.Storage.Model;

namespace OpenMss.Web.Tests;

/// <summary>The operator console in headless Chromium: an administrator logs in, creates a BAL, unpublishes it and reads the audit line.</summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime
{
    private ConsoleSpace _space = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _space = await ConsoleSpace.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _space.DisposeAsync();
    }

    [Fact]
    public async Task An_administrator_creates_a_bal_unpublishes_it_and_sees_the_audit_line()
    {
        await using var context = await _chromium.ContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        var address = $"pierre.durand@{ConsoleSpace.Domain}";

        await page.GotoAsync(new Uri(_space.Url, "/bals").ToString());
        (await page.TitleAsync()).ShouldStartWith("Connexion à la console");
        await page.FillAsync("input[name=name]", ConsoleSpace.Admin);
        await page.FillAsync("input[name=password]", ConsoleSpace.Password);
        await page.Keyboard.PressAsync("Enter"); // the keyboard alone logs in
        await page.WaitForURLAsync(new Uri(_space.Url, "/bals").ToString());
        await Chromium.ScreenshotAsync(page, "console-bals");

        await page.FillAsync("input[name=address]", address);
        await page.SelectOptionAsync("select[name=type]", "PER");
        await page.FillAsync("input[name=holder]", "810003456789");
        await page.ClickAsync("button:has-text('Créer')");
        await page.WaitForURLAsync(new Uri(_space.Url, "/bals/" + Uri.EscapeDataString(address)).AbsoluteUri);
        (await page.InnerTextAsync("td.status")).ShouldBe("active");

        await page.SelectOptionAsync("select[name=status]", "unpublished");
        await page.ClickAsync("button:has-text('Changer le statut')");
        await page.WaitForSelectorAsync("p.notice");
        (await page.InnerTextAsync("td.status")).ShouldBe("unpublished");
        var audit = await page.Locator("table.audit tbody tr").AllInnerTextsAsync();
        audit[0].ShouldContain("bal.set-status unpublished");
        audit[0].ShouldContain("console:alice");
        audit[1].ShouldContain("bal.add");
        await Chromium.ScreenshotAsync(page, "console-bal");
        (await _space.Store.Directory.FindBalAsync(address, default))!.Status.ShouldBe(BalStatus.Unpublished);

        // The same page in English, by the switch in the header; the audit search finds the change.
        await page.ClickAsync("a.lang");
        await page.WaitForSelectorAsync("html[lang=en]");
        (await page.InnerTextAsync("h2")).ShouldBe("The BAL's audit trail");
        await page.GotoAsync(new Uri(_space.Url, "/audit?actor=alice&action=set-status").ToString());
        (await page.Locator("table.audit tbody tr").CountAsync()).ShouldBe(1);
        await Chromium.ScreenshotAsync(page, "console-audit");
        dialogs.ShouldBe(0);
    }

    [Fact]
    public async Task A_conformance_report_is_shown_without_running_its_script()
    {
        await using var context = await _chromium.ContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_space.Url, "/login").ToString());
        (await page.TitleAsync()).ShouldStartWith("Console login", customMessage: "an English browser gets English pages");
        await page.FillAsync("input[name=name]", ConsoleSpace.Admin);
        await page.FillAsync("input[name=password]", ConsoleSpace.Password);
        await page.ClickAsync("button:has-text('Log in')");
        await page.WaitForURLAsync(_space.Url.AbsoluteUri);
        (await page.Locator("main td a").AllInnerTextsAsync()).ShouldBe([ConsoleSpace.Domain], "the home page lists the hosted domains");

        await page.ClickAsync("text=Conformance reports");
        await page.ClickAsync("text=dpi-2026-11/report.html");
        await page.WaitForSelectorAsync("text=Conforme");

        (await page.TitleAsync()).ShouldBe("CR de test", "the report's script did not run");
    }
}
