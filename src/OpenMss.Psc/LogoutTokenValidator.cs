using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.Psc;

/// <summary>What a valid back-channel logout token names: PSC's session, and the professional.</summary>
public sealed record LogoutNotice(string? Sid, string? Subject);

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 §2.6: a logout token is accepted only when signed by one of PSC's published
/// keys, issued by PSC for this client, fresh, carrying the logout event and a sid or sub, without a nonce, and
/// never seen before (its jti is remembered until it expires). Used by every PSC client of ours that a PSC logout
/// must end (the intermediate server, the webmail).
/// </summary>
/// <param name="keys">PSC's signing keys; asked again, with true, when a token names a key not among them (rotation).</param>
public sealed class LogoutTokenValidator(string issuer, string clientId, Func<bool, CancellationToken, Task<IEnumerable<SecurityKey>>> keys, TimeProvider clock)
{
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private IEnumerable<SecurityKey>? _keys;

    /// <summary>The notice, or null with the reason the token is refused.</summary>
    public async Task<(LogoutNotice? Notice, string? Refusal)> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 16_384)
        {
            return (null, "no logout_token, or one too long");
        }

        var result = await ValidateSignedAsync(token, refreshKeys: false, cancellationToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            result = await ValidateSignedAsync(token, refreshKeys: true, cancellationToken); // PSC rotated its keys
        }

        if (!result.IsValid)
        {
            return (null, $"the token does not validate ({result.Exception?.GetType().Name})");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<System.Text.Json.JsonElement>("events", out var events) || events.ValueKind != System.Text.Json.JsonValueKind.Object || !events.TryGetProperty(LogoutEvent, out _))
        {
            return (null, "the token carries no back-channel logout event");
        }

        if (jwt.TryGetPayloadValue<string>("nonce", out _))
        {
            return (null, "a logout token must not carry a nonce");
        }

        jwt.TryGetPayloadValue<string>("sid", out var sid);
        var subject = string.IsNullOrEmpty(jwt.Subject) ? null : jwt.Subject;
        if (string.IsNullOrEmpty(sid) && subject is null)
        {
            return (null, "the token names neither a session (sid) nor a subject (sub)");
        }

        var now = clock.GetUtcNow();
        foreach (var (id, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(id, out _);
            }
        }

        if (string.IsNullOrEmpty(jwt.Id) || !_seen.TryAdd(jwt.Id, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).AddMinutes(5)))
        {
            return (null, "the token has no jti or was already used (replay)");
        }

        return (new LogoutNotice(string.IsNullOrEmpty(sid) ? null : sid, subject), null);
    }

    private async Task<TokenValidationResult> ValidateSignedAsync(string token, bool refreshKeys, CancellationToken cancellationToken)
    {
        if (_keys is null || refreshKeys)
        {
            _keys = await keys(refreshKeys, cancellationToken);
        }

        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = clientId,
            IssuerSigningKeys = _keys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(60),
            LifetimeValidator = (notBefore, expires, _, _) => expires is null || expires.Value.AddSeconds(60) >= clock.GetUtcNow().UtcDateTime,
        });
    }
}
