using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// The LPS intermediate server's sessions, shared by every gateway node: written atomically, refreshed by one node
/// at a time (a lease), ended for good.
/// </summary>
public interface IGatewaySessionStore
{
    Task AddAsync(GatewaySession session, CancellationToken cancellationToken);

    Task<GatewaySession?> FindAsync(string id, CancellationToken cancellationToken);

    Task<GatewaySession?> FindByHandleAsync(string handleHash, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the right to refresh <paramref name="id"/> until <paramref name="until"/>, unless another owner holds an
    /// unexpired lease or the session ended. True when taken.
    /// </summary>
    Task<bool> LeaseRefreshAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="tokens"/> and releases the lease, in one statement, only if the session is still at
    /// <paramref name="version"/> and not ended; true when written (the version is then one more).
    /// </summary>
    Task<bool> StoreRefreshAsync(string id, long version, GatewayTokens tokens, CancellationToken cancellationToken);

    /// <summary>Gives up a lease without new tokens (the refresh failed and may be tried again).</summary>
    Task ReleaseRefreshAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Ends the sessions that <paramref name="filter"/> picks and are not ended yet; returns them as they now are.</summary>
    Task<IReadOnlyList<GatewaySession>> EndAsync(GatewaySessionFilter filter, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sessions ended at or after <paramref name="since"/>, oldest first: how a node hears of ends decided by another.</summary>
    Task<IReadOnlyList<GatewaySession>> ListEndedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Live sessions, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<GatewaySession>> ListLiveAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>Which sessions to end: by id, by professional, or by PSC session (back-channel logout).</summary>
public sealed record GatewaySessionFilter(string? Id = null, string? IdNat = null, string? PscSession = null);
