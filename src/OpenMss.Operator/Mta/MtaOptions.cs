using System.Security.Authentication;

namespace OpenMss.Operator.Mta;

/// <summary>
/// The inter-operator MTA's configuration (section <c>Mta</c>). It runs when TLS material and
/// <c>Mta:TrustAnchors</c> (IGC Santé's roots, PEM) are configured. Defaults follow Postfix where MSSanté is silent.
/// </summary>
public sealed record MtaOptions
{
    /// <summary>Where the inbound listener binds (the port is base + 25 unless <see cref="Port"/> says otherwise).</summary>
    public string Address { get; init; } = "127.0.0.1";

    public int? Port { get; init; }

    /// <summary>The name in the greeting, in EHLO and in Received; also the Reporting-MTA of delivery reports.</summary>
    public string? HostName { get; init; }

    public string[] TrustAnchors { get; init; } = [];

    public string[] Intermediates { get; init; } = [];

    /// <summary>A DNS server (HOST:PORT) for MX lookups instead of the system's, e.g. the sandbox's.</summary>
    public string? Dns { get; init; }

    /// <summary>The port peers' MTAs listen on: 25, or the sandbox's base + 25.</summary>
    public int PeerPort { get; init; } = 25;

    /// <summary>Postfix's minimal_backoff_time: the first retry after a temporary failure.</summary>
    public TimeSpan MinimalBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Postfix's maximal_backoff_time (4000 s, about 67 minutes): retries double up to this.</summary>
    public TimeSpan MaximalBackoff { get; init; } = TimeSpan.FromSeconds(4000);

    /// <summary>Postfix's maximal_queue_lifetime: then the recipient fails and its sender gets a report.</summary>
    public TimeSpan MaximalLifetime { get; init; } = TimeSpan.FromDays(5);

    /// <summary>
    /// How long a recipient whose BAL is full (552 5.2.2) is retried before it fails with 5.2.2 and its sender is
    /// told: shorter than <see cref="MaximalLifetime"/>, since a BAL left full for a day is not being read.
    /// </summary>
    public TimeSpan FullMailboxLifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Connections open at once to one destination domain (Postfix's default_destination_concurrency_limit).</summary>
    public int PerDomainConcurrency { get; init; } = 20;

    /// <summary>Recipients claimed per round.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>How long a node holds claimed recipients; past it another node may take them (a dead node).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often an idle queue is looked at (other nodes' and the CLI's work appears this way).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An open session to a peer is kept this long for the next round (Postfix caches them a few seconds too).</summary>
    public TimeSpan ConnectionIdleLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect, TLS handshake and each SMTP command must finish within this time.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Finished queue rows are kept this long, then removed in batches.</summary>
    public TimeSpan KeepFinished { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Spec §10's trajectory: TLS 1.2+ only; TLS 1.0/1.1 with peers only when an operator switches this on for a
    /// transition (and the platform still allows them).
    /// </summary>
    public bool AllowLegacyTls { get; init; }

    /// <summary>
    /// Send one delay report (RFC 3464 "delayed") per recipient still deferred after <see cref="DelayWarningTime"/>,
    /// to senders whose NOTIFY includes DELAY (or who gave none); off by default, as in Postfix.
    /// </summary>
    public bool DelayReports { get; init; }

    /// <summary>Postfix's delay_warning_time: how long a recipient waits before its sender hears of the delay.</summary>
    public TimeSpan DelayWarningTime { get; init; } = TimeSpan.FromHours(4);

#pragma warning disable SYSLIB0039, CA5397 // TLS 1.0/1.1 only behind the explicit switch above.
    public SslProtocols Protocols => AllowLegacyTls ? SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12 | SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
#pragma warning restore SYSLIB0039, CA5397
}
