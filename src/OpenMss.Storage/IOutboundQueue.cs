using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// The inter-operator MTA's queue. Several nodes may share it: a node claims due recipients with a lease; an expired
/// lease (a dead node) makes them due again elsewhere, and a claimed row is never handed to two nodes at once.
/// Every change is durable before the call returns.
/// </summary>
public interface IOutboundQueue
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> pending recipients due at <paramref name="now"/> and not leased by another
    /// node, for <paramref name="lease"/>; oldest due first.
    /// </summary>
    Task<IReadOnlyList<QueuedRecipient>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Extends to <paramref name="until"/> the leases <paramref name="owner"/> still holds on these recipients (still
    /// pending), so that a delivery longer than its lease is not taken over; returns how many were extended.
    /// </summary>
    Task<int> RenewAsync(string owner, IReadOnlyList<long> ids, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records what became of claimed recipients, all in one transaction (one fsync for a message's recipients).</summary>
    Task UpdateAsync(IReadOnlyList<QueueUpdate> updates, CancellationToken cancellationToken);

    /// <summary>Removes at most <paramref name="batch"/> rows finished before <paramref name="olderThan"/>; returns how many went.</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset olderThan, int batch, CancellationToken cancellationToken);

    /// <summary>Queue entries, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<QueuedRecipient>> ListAsync(int limit, CancellationToken cancellationToken);

    Task RecordSuccessAsync(string domain, DateTimeOffset now, CancellationToken cancellationToken);

    Task RecordFailureAsync(string domain, DateTimeOffset now, string error, CancellationToken cancellationToken);

    /// <summary>Every destination domain the MTA has tried, by name.</summary>
    Task<IReadOnlyList<DomainStatus>> ListDomainsAsync(CancellationToken cancellationToken);

    /// <summary>How many recipients wait, and since when the oldest (for the queue depth and age metrics).</summary>
    Task<QueueBacklog> GetBacklogAsync(CancellationToken cancellationToken);
}
