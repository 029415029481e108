using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace OpenMss.Operator.Mta;

/// <summary>One MX host of a domain, with its addresses, in the order to try.</summary>
public sealed record MxHost(string Name, IReadOnlyList<IPAddress> Addresses);

/// <summary>Why a domain's MX hosts are not known: a permanent answer (no such domain) or a temporary failure.</summary>
public sealed class MxException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// RFC 5321 §5.1: a domain's MX records by preference (equal preferences shuffled), each resolved to addresses;
/// with no MX, the domain itself (implicit MX). A null MX (RFC 7505, ".") means the domain takes no mail.
/// </summary>
public sealed class MxResolver
{
    private readonly LookupClient _dns;

    /// <summary>Uses <paramref name="server"/> (the sandbox's DNS) or the system's resolvers.</summary>
    public MxResolver(IPEndPoint? server, TimeSpan timeout)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(new NameServer(server));
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseTcpFallback = true;
        options.ThrowDnsErrors = false;
        options.UseCache = true;
        _dns = new LookupClient(options);
    }

    /// <exception cref="MxException">No host to try.</exception>
    public async Task<IReadOnlyList<MxHost>> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        var response = await QueryAsync(domain, QueryType.MX, cancellationToken);
        var records = response.Answers.MxRecords().ToList();
        if (records.Any(r => r.Exchange.Value is "." or ""))
        {
            throw new MxException($"{domain} publishes a null MX: it accepts no mail (RFC 7505).", permanent: true);
        }

        var names = records.Count == 0
            ? [domain]
            : records.GroupBy(r => r.Preference).OrderBy(g => g.Key).SelectMany(g => g.OrderBy(_ => Random.Shared.Next())).Select(r => r.Exchange.Value.TrimEnd('.')).ToList();
        var hosts = new List<MxHost>();
        foreach (var name in names)
        {
            var addresses = new List<IPAddress>();
            foreach (var type in new[] { QueryType.A, QueryType.AAAA })
            {
                var answer = await QueryAsync(name, type, cancellationToken, tolerateMissing: true);
                addresses.AddRange(answer.Answers.ARecords().Select(a => a.Address));
                addresses.AddRange(answer.Answers.AaaaRecords().Select(a => a.Address));
            }

            if (addresses.Count > 0)
            {
                hosts.Add(new MxHost(name, addresses));
            }
        }

        return hosts.Count > 0 ? hosts : throw new MxException($"No address for the mail hosts of {domain} ({string.Join(", ", names)}).", permanent: false);
    }

    private async Task<IDnsQueryResponse> QueryAsync(string name, QueryType type, CancellationToken cancellationToken, bool tolerateMissing = false)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(name, type, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            throw new MxException($"DNS lookup of {name} failed: {e.Message}", permanent: false);
        }

        if (response.HasError && response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain && !tolerateMissing)
        {
            throw new MxException($"The domain {name} does not exist in DNS.", permanent: true);
        }

        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new MxException($"DNS lookup of {name} failed: {response.ErrorMessage}", permanent: false);
        }

        return response;
    }
}
