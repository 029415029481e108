using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// Leases on scheduled jobs, so that with several nodes on one store each job runs on exactly one node at a time
/// (DESIGN.md §4), and the last period each job completed, so that a period is done once.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Takes or renews the lease of <paramref name="job"/> for <paramref name="node"/> until <paramref name="until"/>;
    /// false while another node holds an unexpired lease.
    /// </summary>
    Task<bool> TryLeaseAsync(string job, string node, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="node"/> completed <paramref name="period"/> and gives the lease back.</summary>
    /// <exception cref="StoreException">Conflict when the node no longer holds the lease (it expired and another took it).</exception>
    Task CompleteAsync(string job, string node, string period, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Gives the lease back without completing (the run failed or was stopped).</summary>
    Task ReleaseAsync(string job, string node, CancellationToken cancellationToken);

    Task<JobState?> FindAsync(string job, CancellationToken cancellationToken);
}
