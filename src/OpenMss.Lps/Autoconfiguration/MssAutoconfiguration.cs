using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace OpenMss.Lps.Autoconfiguration;

/// <summary>
/// Finds a BAL's fronts through DNS SRV (ECO.1.1.9): <c>_imap._tcp.DOMAIN</c> and <c>_submission._tcp.DOMAIN</c>,
/// priority 10 for PER/ORG and 20 for APP. Answers are cached for their TTL. The DNS server can be given (a
/// sandbox, tests); host names of the targets are resolved by the same server, so a test zone works end to end.
/// </summary>
public sealed class MssAutoconfiguration
{
    private readonly LookupClient _dns;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly bool _systemResolver;
    private readonly Dictionary<string, (DateTimeOffset Until, object Value)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();

    /// <summary>Uses <paramref name="server"/> for every query, or the system's DNS servers when null.</summary>
    public MssAutoconfiguration(IPEndPoint? server = null, TimeProvider? time = null, Random? random = null, TimeSpan? timeout = null)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(new NameServer(server));
        options.UseCache = false; // we cache ourselves, so that the TTL follows our clock
        options.Timeout = timeout ?? TimeSpan.FromSeconds(3);
        options.Retries = 1;
        options.UseTcpFallback = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        _dns = new LookupClient(options);
        _systemResolver = server is null;
        _time = time ?? TimeProvider.System;
        _random = random ?? new Random();
    }

    /// <summary>The IMAP and submission fronts of <paramref name="address"/>'s domain for a BAL of <paramref name="type"/>.</summary>
    /// <exception cref="AutoconfigurationException">No record of that type's priority, or the DNS failed.</exception>
    public async Task<MssEndpoints> ResolveAsync(string address, BalType type, CancellationToken cancellationToken = default)
    {
        var domain = DomainOf(address);
        var imap = await ServiceAsync("_imap._tcp." + domain, type, cancellationToken).ConfigureAwait(false);
        var submission = await ServiceAsync("_submission._tcp." + domain, type, cancellationToken).ConfigureAwait(false);
        return new MssEndpoints(imap, submission);
    }

    /// <summary>The addresses of a front's host: literal IPs as they are, names through the configured DNS.</summary>
    public async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken = default)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        if (_systemResolver || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new AutoconfigurationException(AutoconfigurationFailure.DnsFailure, $"The host {host} could not be resolved: {e.Message}", e);
            }
        }

        if (Cached<IReadOnlyList<IPAddress>>("A " + host) is { } known)
        {
            return known;
        }

        var answers = new List<DnsResourceRecord>();
        foreach (var queryType in new[] { QueryType.A, QueryType.AAAA })
        {
            var response = await QueryAsync(host, queryType, cancellationToken).ConfigureAwait(false);
            answers.AddRange(response.Answers.ARecords());
            answers.AddRange(response.Answers.AaaaRecords());
        }

        var addresses = answers.Select(a => a is ARecord v4 ? v4.Address : ((AaaaRecord)a).Address).Distinct().ToList();
        if (addresses.Count == 0)
        {
            throw new AutoconfigurationException(AutoconfigurationFailure.NoRecord, $"The DNS has no address for {host}.");
        }

        Remember("A " + host, addresses, answers);
        return addresses;
    }

    private async Task<IReadOnlyList<ServiceEndpoint>> ServiceAsync(string name, BalType type, CancellationToken cancellationToken)
    {
        var records = Cached<IReadOnlyList<SrvRecord>>("SRV " + name);
        if (records is null)
        {
            var response = await QueryAsync(name, QueryType.SRV, cancellationToken).ConfigureAwait(false);
            var answers = response.Answers.SrvRecords().ToList();
            records = answers.Select(r => new SrvRecord(r.Priority, r.Weight, r.Port, r.Target.Value)).ToList();
            Remember("SRV " + name, records, answers);
        }

        var ordered = SrvSelection.Order(records, type.SrvPriority(), _random);
        if (ordered.Count == 0)
        {
            throw new AutoconfigurationException(
                AutoconfigurationFailure.NoRecord,
                $"Autoconfiguration failed: {name} has no SRV record of priority {type.SrvPriority()} (BAL {type.ToString().ToUpperInvariant()}); configure the endpoints by hand.");
        }

        return ordered;
    }

    private async Task<IDnsQueryResponse> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e)
        {
            throw new AutoconfigurationException(AutoconfigurationFailure.DnsFailure, $"The DNS did not answer for {name} ({e.Code}): try again later.", e);
        }

        // NXDOMAIN is an answer (there is no such record); SERVFAIL, REFUSED and the rest are failures of the DNS.
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new AutoconfigurationException(AutoconfigurationFailure.DnsFailure, $"The DNS answered {response.Header.ResponseCode} for {name}: try again later.");
        }

        return response;
    }

    private T? Cached<T>(string key)
        where T : class
    {
        lock (_gate)
        {
            return _cache.TryGetValue(key, out var entry) && entry.Until > _time.GetUtcNow() ? (T)entry.Value : null;
        }
    }

    private void Remember(string key, object value, IReadOnlyCollection<DnsResourceRecord> answers)
    {
        // An empty answer is cached briefly (RFC 2308 would use the SOA minimum; one minute is a careful bound).
        var ttl = answers.Count == 0 ? 60 : answers.Min(a => a.InitialTimeToLive);
        lock (_gate)
        {
            _cache[key] = (_time.GetUtcNow().AddSeconds(ttl), value);
        }
    }

    private static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            throw new ArgumentException($"'{address}' is not a BAL address (local@domain).", nameof(address));
        }

        return address.Substring(at + 1).TrimEnd('.');
    }
}
