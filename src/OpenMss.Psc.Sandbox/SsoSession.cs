namespace OpenMss.Psc.Sandbox;

/// <summary>A professional's SSO session: what PSC keeps between login and logout or 15 minutes of inactivity.</summary>
internal sealed class SsoSession(string id, TestIdentity identity, string means, DateTimeOffset authTime)
{
    public string Id { get; } = id;

    public TestIdentity Identity { get; } = identity;

    /// <summary>CPS (the card) or e-CPS (the mobile app), simulated.</summary>
    public string Means { get; } = means;

    public DateTimeOffset AuthTime { get; } = authTime;

    public DateTimeOffset LastActivity { get; set; } = authTime;

    public bool LoggedOut { get; set; }

    /// <summary>Clients that received tokens in this session: those to tell at logout.</summary>
    public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset EndsAt(SandboxLifetimes lifetimes)
    {
        var idleEnd = LastActivity + lifetimes.SsoIdle;
        var maxEnd = AuthTime + lifetimes.SsoMax;
        return idleEnd < maxEnd ? idleEnd : maxEnd;
    }

    public bool IsAlive(DateTimeOffset now, SandboxLifetimes lifetimes) => !LoggedOut && now < EndsAt(lifetimes);
}

/// <summary>An authorization request waiting on the login page.</summary>
internal sealed record AuthorizationRequest(
    string Id, TestClient Client, string RedirectUri, string? State, string? Nonce, string Scope, string? CodeChallenge, DateTimeOffset Expires);

/// <summary>A code handed to the redirect URI, redeemable once.</summary>
internal sealed record AuthorizationCode(
    string ClientId, string RedirectUri, string? CodeChallenge, string? Nonce, string Scope, string SessionId, DateTimeOffset Expires);

/// <summary>An opaque refresh token's server-side record (rotated at each use).</summary>
internal sealed record RefreshGrant(string ClientId, string SessionId, string Scope, string? Nonce, DateTimeOffset IssuedAt);

internal enum CibaStatus
{
    Pending,
    Approved,
    Refused,
}

/// <summary>A CIBA authentication request, waiting for the professional to approve or refuse on card or phone.</summary>
internal sealed class CibaRequest(string id, TestClient client, TestIdentity identity, string scope, string? bindingMessage, string channel, DateTimeOffset created, DateTimeOffset expires)
{
    public string Id { get; } = id;

    public TestClient Client { get; } = client;

    public TestIdentity Identity { get; } = identity;

    public string Scope { get; } = scope;

    public string? BindingMessage { get; } = bindingMessage;

    /// <summary>CARD (CPS through CPS-Gestion) or MOBILE (e-CPS).</summary>
    public string Channel { get; } = channel;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Expires { get; } = expires;

    public CibaStatus Status { get; set; }

    public string? SessionId { get; set; }

    public DateTimeOffset? LastPoll { get; set; }
}
