using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.TestSupport;

/// <summary>
/// A PSC stand-in over real HTTP on loopback, until the PSC sandbox exists: the realm paths, both discovery names,
/// introspection with Basic client authentication, userinfo, PSC's claim names, and switchable failures.
/// </summary>
public sealed class LoopbackPsc : IAsyncDisposable
{
    public const string ClientId = "operateur-a";
    public const string ClientSecret = "s3cret-operateur";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);
    private int _introspections;
    private int _userinfos;

    private LoopbackPsc(WebApplication app)
    {
        _app = app;
    }

    public Uri Issuer { get; private set; } = null!;

    public PscFailure Failure { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Serve only the standard discovery name (as a non-PSC OIDC provider would).</summary>
    public bool StandardDiscoveryOnly { get; set; }

    public int Introspections => _introspections;

    public int Userinfos => _userinfos;

    public static async Task<LoopbackPsc> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var psc = new LoopbackPsc(app);
        psc.Map(app);
        await app.StartAsync();
        psc.Issuer = new Uri($"{app.Urls.First()}/auth/realms/esante-wallet");
        return psc;
    }

    public string IssueToken(string idNat, TimeSpan? lifetime = null, string acr = "eidas1", Uri? issuer = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = (issuer ?? Issuer).ToString(),
            IssuedAt = now.AddMinutes(-5),
            NotBefore = now.AddMinutes(-5),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(2)),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = $"f:{Guid.NewGuid()}:{idNat}",
                ["SubjectNameID"] = idNat,
                ["preferred_username"] = idNat,
                ["acr"] = acr,
                ["scope"] = "openid scope_all",
                ["given_name"] = "Jean",
                ["family_name"] = "DUPONT",
                ["typ"] = "Bearer",
            },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Revoke(string token) => _revoked[token] = true;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    private void Map(WebApplication app)
    {
        const string realm = "/auth/realms/esante-wallet";
        app.MapGet(realm + "/.well-known/wallet-openid-configuration", () => StandardDiscoveryOnly ? Results.NotFound() : Results.Json(Discovery()));
        app.MapGet(realm + "/.well-known/openid-configuration", () => Results.Json(Discovery()));
        app.MapPost(realm + "/protocol/openid-connect/token/introspect", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _introspections);
            if (await FailAsync() is { } failure)
            {
                return failure;
            }

            if (request.Headers.Authorization.ToString() != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")))
            {
                return Results.Unauthorized();
            }

            var form = await request.ReadFormAsync();
            return Results.Json(Introspect(form["token"].ToString()));
        });
        app.MapGet(realm + "/protocol/openid-connect/userinfo", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _userinfos);
            if (await FailAsync() is { } failure)
            {
                return failure;
            }

            var claims = Introspect(request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal));
            return claims["active"] is true ? Results.Json(claims.Where(c => c.Key != "active").ToDictionary()) : Results.Unauthorized();
        });
    }

    private Dictionary<string, object?> Discovery() => new()
    {
        ["issuer"] = Issuer.ToString(),
        ["introspection_endpoint"] = $"{Issuer}/protocol/openid-connect/token/introspect",
        ["userinfo_endpoint"] = $"{Issuer}/protocol/openid-connect/userinfo",
        ["token_endpoint"] = $"{Issuer}/protocol/openid-connect/token",
        ["jwks_uri"] = $"{Issuer}/protocol/openid-connect/certs",
    };

    private Dictionary<string, object?> Introspect(string token)
    {
        var result = new Dictionary<string, object?> { ["active"] = false };
        var validation = new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer.ToString(),
            ValidateAudience = false,
            IssuerSigningKey = _key,
            ClockSkew = TimeSpan.Zero,
        }).GetAwaiter().GetResult();
        if (!validation.IsValid || _revoked.ContainsKey(token))
        {
            return result;
        }

        var jwt = (JsonWebToken)validation.SecurityToken;
        result["active"] = true;
        foreach (var claim in new[] { "sub", "SubjectNameID", "preferred_username", "acr", "scope", "given_name", "family_name", "typ" })
        {
            result[claim] = jwt.TryGetPayloadValue<string>(claim, out var value) ? value : null;
        }

        result["iss"] = jwt.Issuer;
        result["exp"] = new DateTimeOffset(jwt.ValidTo).ToUnixTimeSeconds();
        result["client_id"] = "lps-editeur";
        return result;
    }

    private async Task<IResult?> FailAsync()
    {
        switch (Failure)
        {
            case PscFailure.ServerError:
                return Results.StatusCode(503);
            case PscFailure.Slow:
                await Task.Delay(SlowDelay);
                return null;
            case PscFailure.Huge:
                return Results.Text("{\"active\":true,\"padding\":\"" + new string('x', 2_000_000) + "\"}", "application/json");
            default:
                return null;
        }
    }
}

public enum PscFailure
{
    None,
    ServerError,
    Slow,
    Huge,
}
