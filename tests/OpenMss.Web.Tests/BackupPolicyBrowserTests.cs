using Microsoft.Playwright;

namespace OpenMss.Web.Tests;

/// <summary>An operator whose policy opens the backup login while PSC is up: a visitor chooses the way in.</summary>
public sealed class BackupPolicyBrowserTests : IAsyncLifetime
{
    private WebmailSpace _space = null!;
    private Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _space = await WebmailSpace.StartAsync(backupWhilePscUp: true);
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _space.DisposeAsync();
    }

    [Fact]
    public async Task A_visitor_chooses_psc_or_a_backup_code_and_each_way_leads_to_its_login()
    {
        await using var context = await _chromium.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_space.Webmail, "/bal/" + Uri.EscapeDataString(WebmailSpace.Per)).ToString());
        (await page.TitleAsync()).ShouldStartWith("Connexion");
        page.Url.ShouldStartWith(new Uri(_space.Webmail, "/login?returnUrl=").ToString(), customMessage: "the chooser, not PSC's page");
        await Chromium.ScreenshotAsync(page, "webmail-login-chooser");

        await page.ClickAsync("text=Se connecter avec un code de secours");
        (await page.WaitForSelectorAsync("input[name=code]")).ShouldNotBeNull("the backup login is open while PSC is up, by policy");
        Uri.UnescapeDataString(await page.InputValueAsync("input[name=returnUrl]")).ShouldBe("/bal/" + WebmailSpace.Per);

        await page.GoBackAsync();
        await page.ClickAsync("text=Se connecter avec Pro Santé Connect");
        await page.CheckAsync($"input[name=idnat][value='{WebmailSpace.Holder}']");
        await page.ClickAsync("button[value=login]");
        await page.WaitForSelectorAsync("text=Dossier vide.");
        Uri.UnescapeDataString(page.Url).ShouldEndWith("/bal/" + WebmailSpace.Per, customMessage: "back where the visitor was going");
    }
}
