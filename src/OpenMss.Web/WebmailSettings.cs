using System.Net;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Lps.Autoconfiguration;

namespace OpenMss.Web;

/// <summary>What the webmail needs: its PSC client, the operator's PSC fronts it reaches mail through, its HTTPS listener.</summary>
public sealed record WebmailSettings
{
    /// <summary>The PSC realm's issuer (production: https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet).</summary>
    public required Uri PscIssuer { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>A PEM CA to trust alone for PSC's HTTPS (a sandbox with a test PKI); null uses the system's roots.</summary>
    public string? PscTrustedCa { get; init; }

    /// <summary>The operator's IMAP and submission PSC fronts, as an LPS reaches them.</summary>
    public required MssEndpoints Fronts { get; init; }

    /// <summary>A PEM CA for the fronts' certificates (IGC Santé's roots in production, the test PKI's here).</summary>
    public required string FrontsTrustedCa { get; init; }

    /// <summary>The webmail's own HTTPS certificate, with its key.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The intermediates sent with <see cref="Certificate"/>, so that clients (PSC's back-channel logout) can build its chain.</summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 takes a free port (tests read it back from the running host).</summary>
    public int Port { get; init; }

    /// <summary>Messages per page of a folder's list.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The operator's backup way in when PSC is down (one-time passwords); null: none is offered.</summary>
    public IWebmailBackup? Backup { get; init; }

    /// <summary>
    /// The operator's policy for the backup login: false (the default) takes a one-time password only while PSC does
    /// not answer; true takes it at any time.
    /// </summary>
    public bool BackupWhilePscUp { get; init; }
}
