using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Conformance.Operator;

/// <summary>
/// The operator's API LPS as the operator mode sees it from outside: its fronts, a BAL and the means to get a valid
/// PSC token for it (and, for the checks that need them, a token of another professional, a way to revoke a
/// token, AUTH_CLI certificates), the CA its certificates chain to, and where its SRV records are.
/// </summary>
public sealed record OperatorTarget(
    DnsEndPoint Imap,
    DnsEndPoint Submission,
    string Bal,
    string TokenCommand,
    X509Certificate2Collection Roots)
{
    public DnsEndPoint? ImapAuthCli { get; init; }

    public DnsEndPoint? SubmissionAuthCli { get; init; }

    /// <summary>The BAL APP the AUTH_CLI certificate opens.</summary>
    public string? AppBal { get; init; }

    public string? OtherTokenCommand { get; init; }

    /// <summary>Run with a token on its standard input; it must end that token's PSC session (a PSC logout).</summary>
    public string? RevokeCommand { get; init; }

    public (X509Certificate2 Certificate, X509Certificate2Collection Chain)? Certificate { get; init; }

    /// <summary>An AUTH_CLI certificate of another structure, which must not open <see cref="AppBal"/>.</summary>
    public (X509Certificate2 Certificate, X509Certificate2Collection Chain)? OtherCertificate { get; init; }

    public IPEndPoint? Dns { get; init; }

    public string? Domain { get; init; }

    /// <summary>How long a revoked token may still be accepted (the operator's validation cache).</summary>
    public TimeSpan RevocationWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the checks that wait (a token to expire, a session to end) may wait.</summary>
    public TimeSpan MaximalWait { get; init; } = TimeSpan.FromMinutes(5);

    public string Describe() => $"IMAP {Imap.Host}:{Imap.Port}, submission {Submission.Host}:{Submission.Port}";
}
