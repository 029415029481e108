using Microsoft.Playwright;
using OpenMss.TestSupport;

namespace OpenMss.Web.Tests;

/// <summary>Debian's chromium, headless, driven by Playwright; screenshots go to artifacts/test-results/screenshots.</summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        return new Chromium(playwright, browser);
    }

    /// <summary>A browser that trusts the test PKI's server certificates (it has no store of its own to hold the test root).</summary>
    public async Task<IBrowserContext> ContextAsync(string locale = "fr-FR")
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = locale });
        // A loaded CI machine runs the whole suite beside the browser: bounds that fail only when something hangs.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
