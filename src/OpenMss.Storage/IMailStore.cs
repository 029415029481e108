namespace OpenMss.Storage;

/// <summary>
/// One mailbox store: the directory of domains and BALs, their folders and messages, the audit trail and the
/// change feed. Every backend passes the same contract test suite.
/// </summary>
public interface IMailStore : IAsyncDisposable
{
    /// <summary>Where the store lives, for logs and errors (a directory, or a host and database; never a password).</summary>
    string Description { get; }

    IDirectoryStore Directory { get; }

    IMailboxStore Mailboxes { get; }

    IAuditTrail Audit { get; }

    ISubmissionStore Submissions { get; }

    IOutboundQueue Queue { get; }

    IWhitelistStore Whitelist { get; }

    IGatewaySessionStore GatewaySessions { get; }

    IOtpEnrolmentStore OtpEnrolments { get; }

    ISecurityKeyStore SecurityKeys { get; }

    IJobStore Jobs { get; }

    IAnnuaireOutbox Annuaire { get; }

    IChangeFeed Changes { get; }

    /// <summary>
    /// Builds the views saved with each blob whose bytes pass through memory when stored (messages up to 1 MiB on the
    /// embedded store, all on PostgreSQL); set once by the host, right after opening. Without it, views are saved
    /// only through <see cref="IMailboxStore.SaveBlobViewsAsync"/>.
    /// </summary>
    BlobViewBuilder? ViewBuilder { get; set; }

    /// <summary>
    /// Verifies the store without changing it: rows against blobs (present, of the recorded size, hashing to their
    /// name), UIDs and mod-sequences against their folder's counters, and references between tables.
    /// </summary>
    Task<StoreCheck> CheckAsync(CancellationToken cancellationToken);

    /// <summary>Answers whether the store can serve requests now (used by the health endpoint).</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
