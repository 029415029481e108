using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Psc.Sandbox;

/// <summary>How a PSC sandbox runs: where it listens, its lifetimes (PSC's by default, spec §3.3) and who it knows.</summary>
public sealed record SandboxSettings
{
    /// <summary>Loopback only: the sandbox lets anyone act as any test identity.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>The server certificate (with its private key) for HTTPS; null serves plain HTTP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Intermediates sent after the server certificate.</summary>
    public X509Certificate2Collection? CertificateChain { get; init; }

    public SandboxDirectory Directory { get; init; } = SandboxDirectory.Defaults;

    public SandboxLifetimes Lifetimes { get; init; } = new();

    /// <summary>Roots to trust, in place of the system's, for clients' HTTPS back-channel logout endpoints (a test PKI's).</summary>
    public X509Certificate2Collection? BackchannelRoots { get; init; }
}

/// <summary>Lifetimes of what the sandbox hands out; PSC's values by default.</summary>
public sealed record SandboxLifetimes
{
    /// <summary>PSC: 2 minutes.</summary>
    public TimeSpan AccessToken { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>PSC: the SSO session ends after 15 minutes without activity (a refresh is activity).</summary>
    public TimeSpan SsoIdle { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The SSO session ends this long after login whatever the activity.</summary>
    public TimeSpan SsoMax { get; init; } = TimeSpan.FromHours(10);

    public TimeSpan AuthorizationCode { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>ANS's mock: a CIBA request waits 120 s for the professional, polled every second.</summary>
    public TimeSpan CibaRequest { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan CibaInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The signing key is replaced this often; the previous one stays published until the next rotation.</summary>
    public TimeSpan KeyRotation { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long the "slow" failure mode holds an answer.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A spent refresh token replayed by its client within this time gets the answer its first use got (an
    /// idempotent retry after a lost answer), as providers with a reuse interval do; 0 refuses every replay.
    /// </summary>
    public TimeSpan RefreshReuseGrace { get; init; } = TimeSpan.FromSeconds(60);
}
