namespace OpenMss.Storage.Model;

/// <summary>
/// A session of the LPS intermediate server (<c>openmss gateway</c>): one professional's PSC session, held for one
/// paired installation. Tokens are stored as the gateway protected them (ASP.NET Data Protection), never in clear;
/// the installation's handle only as its SHA-256.
/// </summary>
/// <param name="Id">The session's public name (logs, administration); not a credential.</param>
/// <param name="HandleHash">SHA-256 (hex) of the handle the installation presents.</param>
/// <param name="Installation">The installation the handle is bound to.</param>
/// <param name="PscSession">PSC's session id (<c>sid</c>/<c>session_state</c>), by which a back-channel logout names it.</param>
/// <param name="Version">Grows by one at each refresh, so that a rotated refresh token is written once.</param>
public sealed record GatewaySession(
    string Id,
    string HandleHash,
    string Installation,
    string IdNat,
    string? PscSession,
    byte[] RefreshToken,
    byte[]? IdToken,
    byte[] AccessToken,
    DateTimeOffset AccessExpiresAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt = null,
    string? EndReason = null)
{
    public bool IsEnded => EndedAt is not null;
}

/// <summary>New tokens after a refresh, written only if the session is still at the version they were obtained from.</summary>
public sealed record GatewayTokens(byte[] RefreshToken, byte[]? IdToken, byte[] AccessToken, DateTimeOffset AccessExpiresAt);
