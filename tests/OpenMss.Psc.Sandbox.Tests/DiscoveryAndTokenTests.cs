using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>What the sandbox publishes and issues carries PSC's fields and lifetimes (spec §3.1, §3.3, §3.5).</summary>
public sealed class DiscoveryAndTokenTests : IAsyncLifetime
{
    private const string IdNat = "810001234567";
    private RunningSandbox _psc = null!;

    public async Task InitializeAsync() => _psc = await RunningSandbox.StartAsync();

    public async Task DisposeAsync() => await _psc.DisposeAsync();

    [Theory]
    [InlineData(".well-known/wallet-openid-configuration")]
    [InlineData(".well-known/openid-configuration")]
    public async Task Both_discovery_documents_describe_psc(string path)
    {
        using var response = await _psc.Http.GetAsync(new Uri($"{_psc.Issuer}/{path}"));
        var document = await response.JsonAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var issuer = document.Text("issuer");
        issuer.ShouldBe($"{_psc.Sandbox.BaseAddress}/auth/realms/esante-wallet");
        issuer.ShouldStartWith("https://127.0.0.1:");
        document.Text("token_endpoint").ShouldBe(issuer + "/protocol/openid-connect/token");
        document.Text("introspection_endpoint").ShouldBe(issuer + "/protocol/openid-connect/token/introspect");
        document.Text("userinfo_endpoint").ShouldBe(issuer + "/protocol/openid-connect/userinfo");
        document.Text("jwks_uri").ShouldBe(issuer + "/protocol/openid-connect/certs");
        document.Text("end_session_endpoint").ShouldBe(issuer + "/protocol/openid-connect/logout");
        document.Text("backchannel_authentication_endpoint").ShouldBe(issuer + "/protocol/openid-connect/ext/ciba/auth");
        Strings(document, "grant_types_supported").ShouldBe(["authorization_code", "refresh_token", "urn:openid:params:grant-type:ciba"], ignoreOrder: true);
        Strings(document, "scopes_supported").ShouldContain("scope_all");
        Strings(document, "acr_values_supported").ShouldBe(["eidas1"]);
        Strings(document, "backchannel_token_delivery_modes_supported").ShouldBe(["poll"]);
        Strings(document, "code_challenge_methods_supported").ShouldBe(["S256"]);
        document.GetProperty("backchannel_logout_supported").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task An_access_token_is_a_two_minute_rs256_jwt_without_audience()
    {
        var tokens = await _psc.CibaTokensAsync(IdNat);
        var access = new JsonWebToken(tokens.Text("access_token"));

        access.Alg.ShouldBe("RS256");
        access.Issuer.ShouldBe(_psc.Sandbox.Issuer);
        access.Audiences.ShouldBeEmpty();
        (access.ValidTo - access.IssuedAt).ShouldBe(TimeSpan.FromMinutes(2));
        access.GetPayloadValue<string>("typ").ShouldBe("Bearer");
        access.GetPayloadValue<string>("acr").ShouldBe("eidas1");
        access.GetPayloadValue<string>("scope").ShouldBe("openid scope_all");
        access.GetPayloadValue<string>("SubjectNameID").ShouldBe(IdNat);
        access.GetPayloadValue<string>("azp").ShouldBe(RunningSandbox.Lps.ClientId);
        access.Subject.ShouldMatch($"^f:[0-9a-f-]{{36}}:{IdNat}$");
        access.GetPayloadValue<string>("session_state").ShouldBe(tokens.Text("session_state"));

        tokens.Text("token_type").ShouldBe("Bearer");
        tokens.GetProperty("expires_in").GetInt32().ShouldBe(120);
        tokens.GetProperty("refresh_expires_in").GetInt32().ShouldBeInRange(899, 900);
        tokens.Text("scope").ShouldBe("openid scope_all");
        var id = new JsonWebToken(tokens.Text("id_token"));
        id.Audiences.ShouldBe([RunningSandbox.Lps.ClientId]);
        id.GetPayloadValue<string>("typ").ShouldBe("ID");
    }

    [Fact]
    public async Task Introspection_gives_psc_fields_and_subject_name_id_only_for_access_tokens()
    {
        var tokens = await _psc.CibaTokensAsync(IdNat);

        var (status, access) = await _psc.IntrospectAsync(tokens.Text("access_token"));
        var (_, refresh) = await _psc.IntrospectAsync(tokens.Text("refresh_token"));

        status.ShouldBe(HttpStatusCode.OK);
        access.GetProperty("active").GetBoolean().ShouldBeTrue();
        foreach (var field in new[] { "exp", "iat", "auth_time", "jti", "iss", "sub", "typ", "azp", "session_state", "preferred_username", "email_verified", "acr", "scope", "client_id", "username", "SubjectNameID" })
        {
            access.TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        access.Text("SubjectNameID").ShouldBe(IdNat);
        access.Text("typ").ShouldBe("Bearer");
        (access.GetProperty("exp").GetInt64() - access.GetProperty("iat").GetInt64()).ShouldBe(120);
        refresh.GetProperty("active").GetBoolean().ShouldBeTrue();
        refresh.Text("typ").ShouldBe("Refresh");
        refresh.TryGetProperty("SubjectNameID", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Introspection_needs_a_registered_client_and_says_inactive_for_anything_else()
    {
        var token = await _psc.TokenAsync(IdNat);

        var (anonymous, _) = await _psc.PostFormAsync("/token/introspect", null, ("token", token));
        var (wrongSecret, _) = await _psc.PostFormAsync("/token/introspect", RunningSandbox.Operator with { Secret = "not-the-secret" }, ("token", token));
        var (_, garbage) = await _psc.IntrospectAsync("garbage");
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        var (_, forged) = await _psc.IntrospectAsync(tampered);

        anonymous.ShouldBe(HttpStatusCode.Unauthorized);
        wrongSecret.ShouldBe(HttpStatusCode.Unauthorized);
        garbage.GetProperty("active").GetBoolean().ShouldBeFalse();
        forged.GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Userinfo_has_psc_claim_names_and_refuses_a_bad_token()
    {
        var token = await _psc.TokenAsync(IdNat);

        using var request = new HttpRequestMessage(HttpMethod.Get, _psc.Client.Endpoint("/userinfo")) { Headers = { Authorization = new("Bearer", token) } };
        using var response = await _psc.Http.SendAsync(request);
        var claims = await response.JsonAsync();
        using var bad = new HttpRequestMessage(HttpMethod.Get, _psc.Client.Endpoint("/userinfo")) { Headers = { Authorization = new("Bearer", "nope") } };
        using var refused = await _psc.Http.SendAsync(bad);

        claims.Text("SubjectNameID").ShouldBe(IdNat);
        claims.Text("family_name").ShouldBe("DUPONT");
        claims.Text("codeCivilite").ShouldBe("DR");
        var exercice = claims.GetProperty("SubjectRefPro").GetProperty("exercices")[0];
        exercice.Text("codeProfession").ShouldBe("10");
        exercice.GetProperty("activities")[0].Text("raisonSocialeSite").ShouldBe("CENTRE HOSPITALIER DE TEST");
        claims.GetProperty("SubjectRole")[0].GetString().ShouldBe("10^1.2.250.1.213.1.1.5.5");
        claims.Text("Palier_Authentification").ShouldEndWith("^1.2.250.1.213.1.5.1.1.1");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().ShouldContain("invalid_token");
    }

    [Fact]
    public async Task Tokens_verify_with_the_jwks_and_survive_one_key_rotation_but_not_two()
    {
        var token = await _psc.TokenAsync(IdNat);
        using var certs = await _psc.Http.GetAsync(_psc.Client.Endpoint("/certs"));
        var jwks = new JsonWebKeySet(await certs.Content.ReadAsStringAsync());
        var check = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _psc.Sandbox.Issuer,
            ValidateAudience = false,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        check.IsValid.ShouldBeTrue(check.Exception?.Message);
        jwks.Keys.ShouldAllBe(k => !k.HasPrivateKey);

        await _psc.Client.RotateKeysAsync();
        (await _psc.IntrospectAsync(token)).Body.GetProperty("active").GetBoolean().ShouldBeTrue();
        new JsonWebToken(await _psc.TokenAsync(IdNat)).Kid.ShouldNotBe(new JsonWebToken(token).Kid);

        await _psc.Client.RotateKeysAsync();
        (await _psc.IntrospectAsync(token)).Body.GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    private static string[] Strings(System.Text.Json.JsonElement document, string name) =>
        document.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
