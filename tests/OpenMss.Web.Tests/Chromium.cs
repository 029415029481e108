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

    /// <summary>
    /// The page's own Navigation Timing (W3C), measured by the browser from the start of the navigation: it leaves
    /// out the test's DevTools round trips (Playwright's click checks, its waits), which a person's browser has not.
    /// </summary>
    public static async Task<NavigationTiming> NavigationTimingAsync(IPage page)
    {
        var entry = await page.EvaluateAsync<double[]>("() => { const n = performance.getEntriesByType('navigation')[0]; return [n.requestStart, n.responseStart, n.responseEnd, n.domContentLoadedEventEnd]; }");
        entry.Length.ShouldBe(4);
        entry[3].ShouldBeGreaterThan(0, "the page's DOM is ready");
        return new NavigationTiming(entry[0], entry[1], entry[2], entry[3]);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>Milliseconds from the start of a navigation, as the browser measured them.</summary>
internal sealed record NavigationTiming(double RequestStart, double FirstByte, double LastByte, double DomReady)
{
    public override string ToString() => FormattableString.Invariant($"browser: request sent {RequestStart:0.0}, first byte {FirstByte:0.0}, last byte {LastByte:0.0}, DOM ready {DomReady:0.0} ms");
}
