using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace OpenMss.Sandbox;

/// <summary>
/// A real DNS listener (UDP and TCP, ARSoft.Tools.Net) on loopback, authoritative for the sandbox's zone: SRV for
/// autoconfiguration, MX for the operators' MTAs, A/AAAA for the hosts; NXDOMAIN for names of the zone it does not know, REFUSED for names
/// outside it (it is no recursive resolver).
/// </summary>
public sealed class SandboxDnsServer : IAsyncDisposable
{
    private readonly DnsServer _server;
    private readonly SandboxZone _zone;
    private readonly Action<DnsQueryObserved>? _observer;

    private SandboxDnsServer(SandboxZone zone, IPEndPoint endpoint, Action<DnsQueryObserved>? observer)
    {
        _zone = zone;
        _observer = observer;
        Endpoint = endpoint;
        _server = new DnsServer(new UdpServerTransport(endpoint), new TcpServerTransport(endpoint));
        _server.QueryReceived += OnQueryReceived;
    }

    /// <summary>Where it listens (UDP and TCP).</summary>
    public IPEndPoint Endpoint { get; }

    /// <param name="observer">Told of every question asked (the conformance tool judges autoconfiguration from them).</param>
    public static SandboxDnsServer Start(SandboxZone zone, IPEndPoint endpoint, Action<DnsQueryObserved>? observer = null)
    {
        var server = new SandboxDnsServer(zone, endpoint, observer);
        server._server.Start();
        return server;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _server.Stop();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OperationCanceledException))
        {
            // ARSoft's Stop waits for its listeners' tasks, which it has just cancelled: stopped is what was asked.
        }

        return ValueTask.CompletedTask;
    }

    private Task OnQueryReceived(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query)
        {
            return Task.CompletedTask;
        }

        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            e.Response = response;
            return Task.CompletedTask;
        }

        var question = query.Questions[0];
        var name = question.Name.ToString().TrimEnd('.');
        _observer?.Invoke(new DnsQueryObserved(name, question.RecordType.ToString().ToUpperInvariant(), e.RemoteEndpoint?.ToString()));
        if (!_zone.IsAuthoritativeFor(name))
        {
            response.ReturnCode = ReturnCode.Refused;
            e.Response = response;
            return Task.CompletedTask;
        }

        var known = false;
        foreach (var service in _zone.Services.Where(s => string.Equals(s.Owner, name, StringComparison.OrdinalIgnoreCase)))
        {
            known = true;
            if (question.RecordType is RecordType.Srv or RecordType.Any)
            {
                response.AnswerRecords.Add(new SrvRecord(question.Name, _zone.Ttl, service.Priority, service.Weight, (ushort)service.Port, DomainName.Parse(service.Target)));
            }
        }

        if (_zone.Exchangers.TryGetValue(name, out var exchanger))
        {
            known = true;
            if (question.RecordType is RecordType.Mx or RecordType.Any)
            {
                response.AnswerRecords.Add(new MxRecord(question.Name, _zone.Ttl, 10, DomainName.Parse(exchanger)));
            }
        }

        if (_zone.Addresses.TryGetValue(name, out var address))
        {
            known = true;
            if (question.RecordType == RecordType.A && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                response.AnswerRecords.Add(new ARecord(question.Name, _zone.Ttl, address));
            }
            else if (question.RecordType == RecordType.Aaaa && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                response.AnswerRecords.Add(new AaaaRecord(question.Name, _zone.Ttl, address));
            }
        }

        // A domain of the zone exists even without records of its own (its _imap._tcp names do).
        var isDomain = _zone.Services.Any(s => string.Equals(s.Owner.Split('.', 3)[2], name, StringComparison.OrdinalIgnoreCase));
        response.ReturnCode = known || isDomain ? ReturnCode.NoError : ReturnCode.NxDomain;
        e.Response = response;
        return Task.CompletedTask;
    }
}

/// <summary>One question the DNS server was asked: the name, the record type (SRV, A, MX...) and who asked.</summary>
public sealed record DnsQueryObserved(string Name, string Type, string? From);
