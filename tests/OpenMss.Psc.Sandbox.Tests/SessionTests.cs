using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>The SSO session: refresh keeps it alive until 15 idle minutes or logout, and a logout reaches registered clients.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string IdNat = "810001234567";
    private readonly Channel<string> _logoutTokens = Channel.CreateUnbounded<string>();
    private WebApplication _relyingParty = null!;
    private RunningSandbox _psc = null!;
    private TestClient _client = null!;

    public async Task InitializeAsync()
    {
        // A registered client's back-channel logout endpoint, on loopback.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _relyingParty = builder.Build();
        _relyingParty.MapPost("/backchannel-logout", async (HttpRequest request) =>
        {
            _logoutTokens.Writer.TryWrite((await request.ReadFormAsync())["logout_token"].ToString());
            return Results.Ok();
        });
        await _relyingParty.StartAsync();
        _client = RunningSandbox.Lps with
        {
            ClientId = "intermediaire",
            BackchannelLogoutUri = _relyingParty.Urls.First() + "/backchannel-logout",
        };
        _psc = await RunningSandbox.StartAsync(s => s with { Directory = s.Directory with { Clients = [.. s.Directory.Clients, _client] } });
    }

    public async Task DisposeAsync()
    {
        await _psc.DisposeAsync();
        await _relyingParty.DisposeAsync();
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_work_until_the_session_idles_out()
    {
        var tokens = await Tokens();
        var first = tokens.Text("refresh_token");

        // Three refreshes, 10 minutes apart: each is activity, so the 15-minute idle limit is never reached.
        for (var i = 0; i < 3; i++)
        {
            _psc.Clock.Shift(TimeSpan.FromMinutes(10));
            var (status, refreshed) = await Refresh(tokens.Text("refresh_token"));
            status.ShouldBe(HttpStatusCode.OK, refreshed.ToString());
            refreshed.GetProperty("refresh_expires_in").GetInt32().ShouldBeInRange(899, 900);
            tokens = refreshed;
        }

        var (spent, spentBody) = await Refresh(first);
        _psc.Clock.Shift(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var (idle, idleBody) = await Refresh(tokens.Text("refresh_token"));

        spent.ShouldBe(HttpStatusCode.BadRequest);
        spentBody.Text("error").ShouldBe("invalid_grant");
        idle.ShouldBe(HttpStatusCode.BadRequest);
        idleBody.Text("error").ShouldBe("invalid_grant");
        (await _psc.IntrospectAsync(tokens.Text("refresh_token"))).Body.GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Logout_revokes_the_tokens_and_posts_a_logout_token_to_the_registered_client()
    {
        var tokens = await Tokens();
        var otherSession = await Tokens();
        var access = tokens.Text("access_token");
        (await _psc.IntrospectAsync(access)).Body.GetProperty("active").GetBoolean().ShouldBeTrue();

        using var logout = await _psc.Http.GetAsync(new Uri(_psc.Client.Endpoint("/logout") + $"?id_token_hint={tokens.Text("id_token")}"));

        logout.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _psc.IntrospectAsync(access)).Body.GetProperty("active").GetBoolean().ShouldBeFalse();
        (await _psc.IntrospectAsync(otherSession.Text("access_token"))).Body.GetProperty("active").GetBoolean().ShouldBeTrue();
        (await Refresh(tokens.Text("refresh_token"))).Status.ShouldBe(HttpStatusCode.BadRequest);
        var logoutToken = await ReceivedLogoutTokenAsync();
        using var certs = await _psc.Http.GetAsync(_psc.Client.Endpoint("/certs"));
        var check = await new JsonWebTokenHandler().ValidateTokenAsync(logoutToken, new TokenValidationParameters
        {
            ValidIssuer = _psc.Sandbox.Issuer,
            ValidAudience = _client.ClientId,
            IssuerSigningKeys = new JsonWebKeySet(await certs.Content.ReadAsStringAsync()).GetSigningKeys(),
        });
        check.IsValid.ShouldBeTrue(check.Exception?.Message);
        var jwt = (JsonWebToken)check.SecurityToken;
        jwt.GetPayloadValue<string>("sid").ShouldBe(tokens.Text("session_state"));
        jwt.Subject.ShouldEndWith(":" + IdNat);
        jwt.TryGetPayloadValue<object>("nonce", out _).ShouldBeFalse();
        jwt.GetPayloadValue<System.Text.Json.JsonElement>("events").TryGetProperty("http://schemas.openid.net/event/backchannel-logout", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task An_intermediate_server_logs_out_with_its_refresh_token()
    {
        var tokens = await Tokens();

        var (status, _) = await PostRaw("/logout", ("refresh_token", tokens.Text("refresh_token")));

        status.ShouldBe(HttpStatusCode.NoContent);
        (await _psc.IntrospectAsync(tokens.Text("access_token"))).Body.GetProperty("active").GetBoolean().ShouldBeFalse();
        (await ReceivedLogoutTokenAsync()).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_post_logout_redirect_must_be_registered()
    {
        var tokens = await Tokens();
        var hint = tokens.Text("id_token");

        using var foreign = await _psc.Http.GetAsync(new Uri(_psc.Client.Endpoint("/logout") + $"?id_token_hint={hint}&post_logout_redirect_uri={Uri.EscapeDataString("https://attacker.example/")}"));
        using var registered = await _psc.Http.GetAsync(new Uri(_psc.Client.Endpoint("/logout") + $"?id_token_hint={hint}&post_logout_redirect_uri={Uri.EscapeDataString("http://127.0.0.1:4242/")}&state=s1"));

        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        registered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        registered.Headers.Location!.ToString().ShouldBe("http://127.0.0.1:4242/?state=s1");
    }

    private async Task<System.Text.Json.JsonElement> Tokens()
    {
        using var document = await _psc.Client.CibaTokensAsync(IdNat, _client.ClientId, _client.Secret, approve: true);
        return document.RootElement.Clone();
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> Refresh(string refreshToken) =>
        _psc.PostFormAsync("/token", _client, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    private async Task<(HttpStatusCode, string)> PostRaw(string path, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _psc.Client.Endpoint(path))
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
            Headers = { Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_client.ClientId}:{_client.Secret}"))) },
        };
        using var response = await _psc.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Delivery is in the background: wait for it, bounded.</summary>
    private async Task<string> ReceivedLogoutTokenAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _logoutTokens.Reader.ReadAsync(timeout.Token);
    }
}
