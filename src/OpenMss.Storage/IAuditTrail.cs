using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>The append-only audit trail: entries can be added and read, never changed or removed.</summary>
public interface IAuditTrail
{
    Task AppendAsync(AuditEvent entry, CancellationToken cancellationToken);

    /// <summary>The latest entries first, optionally for one BAL, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(string? balAddress, int limit, CancellationToken cancellationToken);
}
