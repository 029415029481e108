using Microsoft.Extensions.Logging;
using OpenMss.Imap.Protocol;
using OpenMss.Net;
using OpenMss.Storage;

namespace OpenMss.Imap.Server;

/// <summary>Bounds of an IMAP session beyond the grammar's (DESIGN.md §4).</summary>
public sealed record ImapSessionLimits
{
    public ImapLimits Grammar { get; init; } = new();

    /// <summary>RFC 3501 §5.4: at least 30 minutes of inactivity before an autologout.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A request must be complete within this time from its first byte (slow clients cannot hold a session).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The authenticated session ends after this, with BYE, so that the client reopens with a fresh token (spec §13 #2).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public int MaxCommandsBeforeAuth { get; init; } = 20;

    public int MaxAuthFailures { get; init; } = 3;

    /// <summary>The counts a session keeps against these limits.</summary>
    public SessionBounds Bounds => new(MaxCommandsBeforeAuth, MaxAuthFailures, MaxBadCommands);

    public int MaxBadCommands { get; init; } = 20;

    public int MaxConnectionsPerAddress { get; init; } = 20;

    /// <summary>Messages answered by one FETCH, at most.</summary>
    public int MaxFetch { get; init; } = 100_000;
}

/// <summary>One IMAP listener's configuration and collaborators: of the store, only the mailboxes and their change feed.</summary>
public sealed record ImapFront(
    FrontKind Kind,
    string HostName,
    TlsPolicy Tls,
    ImapSessionLimits Limits,
    IFrontAuthenticator Authenticator,
    IMailboxStore Mailboxes,
    IChangeFeed Changes,
    TimeProvider Clock,
    ILogger Logger)
{
    public AddressLimiter Connections { get; } = new(Limits.MaxConnectionsPerAddress);

    /// <summary>The selected folders' states, shared by this front's sessions.</summary>
    internal SharedFolders Folders { get; } = new(Mailboxes, Changes);

    /// <summary>The BALs' quotas (RFC 9208); without them QUOTA is not offered and nothing is refused for size.</summary>
    public IQuotaPolicy? Quotas { get; init; }

    /// <summary>Cancelled when the server begins to stop: sessions say BYE and close.</summary>
    public CancellationToken Stopping { get; init; }
}
