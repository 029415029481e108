using System.Net;
using OpenMss.Operator.Hosting;

namespace OpenMss.Conformance.Lps;

/// <summary>
/// Where everything of an LPS run listens, from one base (default 20000, away from the sandbox's 10000): the
/// listeners the LPS talks to on 127.0.0.1 at the usual offsets (base+143, +144, +587, +588), DNS base+53, PSC
/// base+443, CRL base+81; the case listeners at base+2001 onwards; the operator behind them on 127.0.0.9 at the
/// same offsets, where no LPS is sent.
/// </summary>
public sealed record ConformancePorts(int Base)
{
    public const int DefaultBase = 20000;

    public static readonly IPAddress Front = IPAddress.Loopback;

    public static readonly IPAddress Backend = IPAddress.Parse("127.0.0.9");

    public ListenerPorts Standard => new(Base);

    public IPEndPoint Dns => new(Front, Standard.Dns);

    public int Psc => Standard.Psc;

    public int Crl => Standard.Crl;

    /// <summary>The n-th case listener (1-based).</summary>
    public IPEndPoint Case(int n) => new(Front, Base + 2000 + n);

    /// <summary>Where openssl s_server serves TLS 1.1, behind its listener.</summary>
    public IPEndPoint OldTlsServer => new(Backend, Base + 2100);

    public bool IsValid => Base is >= 1024 and <= 65535 - 2100;
}
