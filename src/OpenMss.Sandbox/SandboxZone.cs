using System.Net;
using OpenMss.Operator.Mssante;

namespace OpenMss.Sandbox;

/// <summary>
/// The DNS zone of a sandbox: for each operator domain, the four SRV records an operator publishes
/// (<see cref="AutoconfigRecords"/>), its MX, and an address for every front and MX host name.
/// </summary>
public sealed class SandboxZone
{
    private readonly List<SrvEntry> _services = [];
    private readonly Dictionary<string, IPAddress> _addresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _exchangers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Seconds a resolver may cache an answer: short, since sandbox ports move between runs.</summary>
    public int Ttl { get; init; } = 30;

    public IReadOnlyList<SrvEntry> Services => _services;

    public IReadOnlyDictionary<string, IPAddress> Addresses => _addresses;

    /// <summary>Publishes <paramref name="domain"/>'s SRV records and makes every front host resolve to <paramref name="address"/>.</summary>
    public SandboxZone Add(string domain, AutoconfigRecords records, IPAddress address)
    {
        _services.AddRange(records.For(domain));
        foreach (var host in new[] { records.ImapPsc, records.ImapAuthCli, records.SubmissionPsc, records.SubmissionAuthCli }.Select(f => f.Host))
        {
            _addresses[host] = address;
        }

        return this;
    }

    /// <summary>The MX host of each domain that has one (RFC 5321 §5.1).</summary>
    public IReadOnlyDictionary<string, string> Exchangers => _exchangers;

    /// <summary>Publishes <paramref name="domain"/>'s MX record, naming <paramref name="host"/>, which resolves to <paramref name="address"/>.</summary>
    public SandboxZone AddMx(string domain, string host, IPAddress address)
    {
        _exchangers[domain] = host;
        _addresses[host] = address;
        return this;
    }

    /// <summary>The host names of the fronts, which the sandbox's server certificate must name.</summary>
    public IReadOnlyList<string> HostNames => [.. _addresses.Keys];

    /// <summary>The zone the sandbox is authoritative for: names in it that it does not know do not exist (NXDOMAIN).</summary>
    public string Apex { get; init; } = "mssante.test";

    /// <summary>True when <paramref name="name"/> is inside the zone.</summary>
    public bool IsAuthoritativeFor(string name) =>
        string.Equals(name, Apex, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + Apex, StringComparison.OrdinalIgnoreCase) || _addresses.ContainsKey(name);
}
