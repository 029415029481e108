namespace OpenMss.Storage.Relational;

/// <summary>The store assembled from a dialect and a blob store; backends subclass it to open and close themselves.</summary>
public abstract class RelationalMailStore : IMailStore
{
    private readonly GroupCommitter _committer;

    /// <param name="keepStatements">Whether the group committer keeps its statements prepared (see <see cref="StatementCache"/>).</param>
    protected RelationalMailStore(SqlDialect dialect, RelationalBlobStore blobs, string description, bool keepStatements)
    {
        Dialect = dialect;
        Blobs = blobs;
        Description = description;
        _committer = new GroupCommitter(dialect, blobs, keepStatements);
        Directory = new RelationalDirectoryStore(dialect);
        var mailboxes = new RelationalMailboxStore(dialect, blobs, _committer);
        Mailboxes = mailboxes;
        Audit = new RelationalAuditTrail(dialect);
        Submissions = new RelationalSubmissionStore(dialect, blobs, mailboxes, _committer);
        Queue = new RelationalOutboundQueue(dialect);
        Whitelist = new RelationalWhitelistStore(dialect);
        GatewaySessions = new RelationalGatewaySessionStore(dialect);
        OtpEnrolments = new RelationalOtpEnrolmentStore(dialect);
        SecurityKeys = new RelationalSecurityKeyStore(dialect);
        Jobs = new RelationalJobStore(dialect);
        Annuaire = new RelationalAnnuaireOutbox(dialect);
    }

    public string Description { get; }

    public IDirectoryStore Directory { get; }

    public IJobStore Jobs { get; }

    public IAnnuaireOutbox Annuaire { get; }

    public IMailboxStore Mailboxes { get; }

    public IAuditTrail Audit { get; }

    public ISubmissionStore Submissions { get; }

    public IOutboundQueue Queue { get; }

    public IWhitelistStore Whitelist { get; }

    public IGatewaySessionStore GatewaySessions { get; }

    public IOtpEnrolmentStore OtpEnrolments { get; }

    public ISecurityKeyStore SecurityKeys { get; }

    public IChangeFeed Changes => Dialect.Broadcaster;

    public BlobViewBuilder? ViewBuilder
    {
        get => Blobs.ViewBuilder;
        set => Blobs.ViewBuilder = value;
    }

    protected SqlDialect Dialect { get; }

    private RelationalBlobStore Blobs { get; }

    public Task<StoreCheck> CheckAsync(CancellationToken cancellationToken) => RelationalStoreCheck.RunAsync(Dialect, Blobs, cancellationToken);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await Dialect.OpenConnectionAsync(cancellationToken);
            return await Sql.ScalarAsync<long>(connection, null, "SELECT 1", cancellationToken) == 1;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Finishes the queued writes; subclasses close their connections after this.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _committer.DisposeAsync();
    }
}
