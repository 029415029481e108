using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// Makes and reads the sandbox's JWTs the way PSC's Keycloak shapes them: access tokens with typ Bearer, acr eidas1,
/// scope, session_state, SubjectNameID and no aud (spec §3.3); ID tokens for the client; back-channel logout tokens.
/// </summary>
internal sealed class TokenIssuer(Func<string> issuer, SigningKeys keys, TimeProvider clock, SandboxLifetimes lifetimes)
{
    public const string Acr = "eidas1";
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>PSC's subject: <c>f:&lt;uuid&gt;:&lt;IdNat&gt;</c>, stable for an identity.</summary>
    public static string Subject(TestIdentity identity)
    {
        var uuid = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("openmss-psc-sandbox:" + identity.IdNat)).AsSpan(0, 16));
        return $"f:{uuid}:{identity.IdNat}";
    }

    public (string Token, DateTimeOffset Expires) AccessToken(SsoSession session, string clientId, string scope, string? nonce)
    {
        var now = clock.GetUtcNow();
        var expires = now + lifetimes.AccessToken;
        var payload = Common(session, now, expires, "Bearer", clientId, nonce);
        payload["scope"] = scope;
        payload["email_verified"] = false;
        return (Sign(payload), expires);
    }

    public string IdToken(SsoSession session, string clientId, string? nonce, DateTimeOffset expires)
    {
        var payload = Common(session, clock.GetUtcNow(), expires, "ID", clientId, nonce);
        payload["aud"] = clientId;
        return Sign(payload);
    }

    public string LogoutToken(SsoSession session, string clientId)
    {
        var now = clock.GetUtcNow();
        return Sign(new JsonObject
        {
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TimeSpan.FromMinutes(2)).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = issuer(),
            ["aud"] = clientId,
            ["sub"] = Subject(session.Identity),
            ["typ"] = "Logout",
            ["sid"] = session.Id,
            ["events"] = new JsonObject { [LogoutEvent] = new JsonObject() },
        });
    }

    /// <summary>A token this sandbox signed with a published key, for this issuer; null otherwise. Lifetime is the caller's check.</summary>
    public async Task<JsonWebToken?> ReadAsync(string? token, string typ)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 16_384)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer(),
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKeys = keys.Published,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        return result.IsValid && result.SecurityToken is JsonWebToken jwt
            && jwt.TryGetPayloadValue<string>("typ", out var actual) && actual == typ ? jwt : null;
    }

    public static DateTimeOffset Expiry(JsonWebToken jwt) => new(jwt.ValidTo, TimeSpan.Zero);

    private JsonObject Common(SsoSession session, DateTimeOffset now, DateTimeOffset expires, string typ, string clientId, string? nonce)
    {
        var identity = session.Identity;
        var payload = new JsonObject
        {
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["auth_time"] = session.AuthTime.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = issuer(),
            ["sub"] = Subject(identity),
            ["typ"] = typ,
            ["azp"] = clientId,
            ["session_state"] = session.Id,
            ["sid"] = session.Id,
            ["acr"] = Acr,
            ["SubjectNameID"] = identity.IdNat,
            ["preferred_username"] = identity.IdNat,
            ["given_name"] = identity.GivenName,
            ["family_name"] = identity.FamilyName,
        };
        if (nonce is not null)
        {
            payload["nonce"] = nonce;
        }

        return payload;
    }

    private string Sign(JsonObject payload) => _handler.CreateToken(payload.ToJsonString(), keys.Current);
}
