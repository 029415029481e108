using Microsoft.Extensions.Logging;
using OpenMss.Net;

namespace OpenMss.Smtp.Server;

/// <summary>Bounds of a submission session (DESIGN.md §4: every input is bounded).</summary>
public sealed record SubmissionLimits
{
    public long MaxMessageSize { get; init; } = 50L * 1024 * 1024;

    /// <summary>Ordinary command lines (RFC 5321 §4.5.3.1.4 says 512; MAIL with parameters needs a little more).</summary>
    public int MaxCommandLine { get; init; } = 2048;

    /// <summary>AUTH lines carry a PSC token: RFC 4954 asks for at least 12288 octets.</summary>
    public int MaxAuthLine { get; init; } = 16 * 1024;

    public int MaxRecipients { get; init; } = 100;

    /// <summary>A message with this many Received fields is in a loop (RFC 5321 §6.3; Postfix's hopcount_limit is 50).</summary>
    public int MaxReceivedHeaders { get; init; } = 50;

    public int MaxCommandsBeforeAuth { get; init; } = 20;

    public int MaxAuthFailures { get; init; } = 3;

    /// <summary>The counts a session keeps against these limits.</summary>
    public SessionBounds Bounds => new(MaxCommandsBeforeAuth, MaxAuthFailures, MaxBadCommands);

    public int MaxBadCommands { get; init; } = 10;

    /// <summary>A command line must be complete within this time from its first byte (RFC 5321 §4.5.3.2.7: 5 minutes).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The whole content of a message must arrive within this time, however slowly it trickles.</summary>
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxConnectionsPerAddress { get; init; } = 20;

    /// <summary>Content above this size is spooled to a temporary file rather than kept in memory.</summary>
    public int SpoolMemoryThreshold { get; init; } = 1024 * 1024;
}

/// <summary>One submission listener's configuration and collaborators.</summary>
public sealed record SubmissionFront(
    FrontKind Kind,
    string HostName,
    TlsPolicy Tls,
    SubmissionLimits Limits,
    IFrontAuthenticator Authenticator,
    ISubmissionPolicy Policy,
    TimeProvider Clock,
    ILogger Logger)
{
    public AddressLimiter Connections { get; } = new(Limits.MaxConnectionsPerAddress);

    /// <summary>Temporary files for large messages.</summary>
    public string SpoolDirectory { get; init; } = Path.GetTempPath();

    /// <summary>Cancelled when the server begins to stop: sessions say 421 and close at the next command.</summary>
    public CancellationToken Stopping { get; init; }
}
