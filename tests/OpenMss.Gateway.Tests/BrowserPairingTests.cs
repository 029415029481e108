using System.Net;
using System.Text.RegularExpressions;
using OpenMss.TestSupport;

namespace OpenMss.Gateway.Tests;

/// <summary>Pairing through the professional's browser: the gateway's login, PSC's login page, the callback.</summary>
public sealed partial class BrowserPairingTests
{
    [Fact]
    public async Task The_browser_signs_in_at_psc_and_the_installation_collects_its_session_once()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var (pairing, login) = await sdk.StartBrowserPairingAsync("poste-1");
        var handler = OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor);
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        using var browser = new HttpClient(handler);

        using var toPsc = await browser.GetAsync(login);
        toPsc.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = toPsc.Headers.Location!;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        (query["acr_values"].ToString(), query["code_challenge_method"].ToString(), query["redirect_uri"].ToString()).ShouldBe(("eidas1", "S256", $"{gateway.Url}callback"));
        query["state"].ToString().ShouldNotBeEmpty();
        query["nonce"].ToString().ShouldNotBeEmpty();

        using var page = await browser.GetAsync(authorize);
        var html = await page.Content.ReadAsStringAsync();
        var request = RequestField().Match(html).Groups[1].Value;
        using var signedIn = await browser.PostAsync(new Uri(gateway.Psc.Sandbox.BaseAddress + "/auth/login"),
            new FormUrlEncodedContent([new("request", request), new("idnat", RunningGateway.IdNat), new("means", "e-CPS"), new("action", "login")]));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        var callback = signedIn.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).ShouldBe($"{gateway.Url}callback");

        using var done = await browser.GetAsync(callback);
        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var replayed = await browser.GetAsync(callback);
        replayed.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a state is good for one callback");

        var session = await sdk.WaitForPairingAsync("poste-1", pairing, TimeSpan.FromSeconds(30));
        session.IdNat.ShouldBe(RunningGateway.IdNat);
        using var tokens = gateway.TokenSource(sdk, session);
        (await gateway.Psc.IntrospectActiveAsync((await tokens.GetAsync(null, default)).Value)).ShouldBeTrue();
        await Should.ThrowAsync<OpenMss.Lps.MssPscSessionEndedException>(() => sdk.WaitForPairingAsync("poste-1", pairing, TimeSpan.FromSeconds(5)));
    }

    [GeneratedRegex("name=\"request\" value=\"([^\"]+)\"")]
    private static partial Regex RequestField();
}
