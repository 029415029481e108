using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// The Annuaire declaration outbox. Rows are written by the directory's own changes, in their transaction (so a
/// change is never lost between being made and being declared); the operator's sender reads and settles them.
/// </summary>
public interface IAnnuaireOutbox
{
    /// <summary>Pending rows due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<AnnuaireDeclaration>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The BAL's state was declared: this row and the older pending rows of the same BAL are settled.</summary>
    Task MarkSentAsync(AnnuaireDeclaration declaration, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: tried again at <paramref name="nextAttempt"/>, or failed for good when it is null.</summary>
    Task MarkAttemptFailedAsync(long id, string error, DateTimeOffset? nextAttempt, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The latest rows first, of one BAL or of all; only those not sent when <paramref name="unsentOnly"/>.</summary>
    Task<IReadOnlyList<AnnuaireDeclaration>> ListAsync(string? address, bool unsentOnly, int limit, CancellationToken cancellationToken);
}
