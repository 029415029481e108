using System.Diagnostics;
using Microsoft.Playwright;

namespace OpenMss.Web.Tests;

/// <summary>A professional's PSC login to the webmail, as the browser tests go through it.</summary>
internal static class WebmailLogin
{
    /// <summary>Logs in at the PSC sandbox as <paramref name="idNat"/>; returns the milliseconds from the PSC answer to the webmail's first page.</summary>
    public static async Task<double> LogInAsync(IPage page, Uri webmail, string idNat)
    {
        await page.GotoAsync(webmail.ToString());
        (await page.TitleAsync()).ShouldNotContain("OpenMSS", customMessage: "the webmail sends an anonymous visitor to PSC first");
        await page.CheckAsync($"input[name=idnat][value='{idNat}']");
        var clock = Stopwatch.StartNew();
        await page.ClickAsync("button[value=login]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(webmail.ToString()) + "$"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("h1");
        return clock.Elapsed.TotalMilliseconds;
    }
}
