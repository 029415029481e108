using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>The authorization code flow with PKCE, driven by an HTTP client as a browser and an intermediate server would.</summary>
public sealed partial class CodeFlowTests : IAsyncLifetime
{
    private const string IdNat = "810002345678";
    private const string Callback = "http://127.0.0.1:51234/callback";
    private RunningSandbox _psc = null!;

    public async Task InitializeAsync() => _psc = await RunningSandbox.StartAsync();

    public async Task DisposeAsync() => await _psc.DisposeAsync();

    [Fact]
    public async Task Login_page_then_code_then_tokens_with_the_pkce_verifier()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

        var (code, redirect, cookie) = await LoginAsync(Challenge(verifier), "CPS");
        var (status, tokens) = await RedeemAsync(code, verifier);

        redirect["state"].ToString().ShouldBe("xyz");
        redirect["iss"].ToString().ShouldBe(_psc.Sandbox.Issuer);
        cookie.ShouldStartWith("PSC_SANDBOX_SESSION=");
        status.ShouldBe(HttpStatusCode.OK, tokens.ToString());
        var (_, introspection) = await _psc.IntrospectAsync(tokens.Text("access_token"));
        introspection.Text("SubjectNameID").ShouldBe(IdNat);
        introspection.Text("nonce").ShouldBe("n-0S6");
        var state = await _psc.Client.StateAsync();
        state.RootElement.GetProperty("sessions")[0].Text("means").ShouldBe("CPS");
    }

    [Fact]
    public async Task A_wrong_verifier_or_a_second_redemption_is_refused()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var (code, _, _) = await LoginAsync(Challenge(verifier), "e-CPS");

        var (wrong, wrongBody) = await RedeemAsync(code, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)));
        var (_, _) = await RedeemAsync(code, verifier);

        wrong.ShouldBe(HttpStatusCode.BadRequest);
        wrongBody.Text("error").ShouldBe("invalid_grant");
        var (again, againBody) = await RedeemAsync(code, verifier);
        again.ShouldBe(HttpStatusCode.BadRequest);
        againBody.Text("error").ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task Pkce_is_required_and_only_s256()
    {
        using var none = await _psc.Http.GetAsync(AuthorizeUri(challenge: null));
        using var plain = await _psc.Http.GetAsync(AuthorizeUri(challenge: "abc", method: "plain"));

        Query(none)["error"].ToString().ShouldBe("invalid_request");
        Query(plain)["error"].ToString().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_gets_a_page_not_a_redirect()
    {
        using var response = await _psc.Http.GetAsync(AuthorizeUri("c", redirectUri: "https://attacker.example/callback"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("redirect_uri is not registered");
    }

    [Fact]
    public async Task A_live_sso_session_skips_the_login_page_and_prompt_none_without_one_says_login_required()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var (_, _, cookie) = await LoginAsync(Challenge(verifier), "CPS");

        using var again = new HttpRequestMessage(HttpMethod.Get, AuthorizeUri(Challenge(verifier)));
        again.Headers.Add("Cookie", cookie);
        using var sso = await _psc.Http.SendAsync(again);
        using var anonymous = await _psc.Http.GetAsync(AuthorizeUri(Challenge(verifier)) + "&prompt=none");

        sso.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Query(sso)["code"].ToString().ShouldNotBeEmpty();
        Query(anonymous)["error"].ToString().ShouldBe("login_required");
    }

    [Fact]
    public async Task Cancelling_on_the_login_page_returns_access_denied()
    {
        using var page = await _psc.Http.GetAsync(AuthorizeUri(Challenge("v")));
        var request = RequestField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        using var cancel = await _psc.Http.PostAsync(new Uri(_psc.Sandbox.BaseAddress + "/auth/login"),
            new FormUrlEncodedContent([new("request", request), new("action", "cancel")]));

        Query(cancel)["error"].ToString().ShouldBe("access_denied");
        Query(cancel)["state"].ToString().ShouldBe("xyz");
    }

    private async Task<(string Code, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Redirect, string Cookie)> LoginAsync(string challenge, string means)
    {
        using var page = await _psc.Http.GetAsync(AuthorizeUri(challenge));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain(IdNat);
        var request = RequestField().Match(html).Groups[1].Value;

        using var login = await _psc.Http.PostAsync(new Uri(_psc.Sandbox.BaseAddress + "/auth/login"),
            new FormUrlEncodedContent([new("request", request), new("idnat", IdNat), new("means", means), new("action", "login")]));
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync());
        login.Headers.Location!.GetLeftPart(UriPartial.Path).ShouldBe(Callback);
        var redirect = Query(login);
        return (redirect["code"].ToString(), redirect, login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
    }

    private Task<(HttpStatusCode, System.Text.Json.JsonElement)> RedeemAsync(string code, string verifier) =>
        _psc.PostFormAsync("/token", RunningSandbox.Lps, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback), ("code_verifier", verifier));

    private string AuthorizeUri(string? challenge, string method = "S256", string redirectUri = Callback)
    {
        var uri = $"{_psc.Sandbox.BaseAddress}/auth?response_type=code&client_id={RunningSandbox.Lps.ClientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}"
            + "&scope=openid%20scope_all&state=xyz&nonce=n-0S6&acr_values=eidas1";
        return challenge is null ? uri : uri + $"&code_challenge={challenge}&code_challenge_method={method}";
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(HttpResponseMessage redirect) =>
        QueryHelpers.ParseQuery(redirect.Headers.Location!.Query);

    [GeneratedRegex("name=\"request\" value=\"([^\"]+)\"")]
    private static partial Regex RequestField();
}
