using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// Autoconfiguration against real DNS listeners on loopback (ARSoft): "no record" and "DNS failure" are two errors,
/// answers are cached for their TTL on the client's clock, and a server that answers nothing is a failure.
/// </summary>
public sealed class AutoconfigurationTests : IDisposable
{
    private readonly DnsServer _server;
    private readonly IPEndPoint _endpoint;
    private int _queries;

    public AutoconfigurationTests()
    {
        _endpoint = new IPEndPoint(IPAddress.Loopback, Repository.FreePort());
        _server = new DnsServer(new UdpServerTransport(_endpoint), new TcpServerTransport(_endpoint));
        _server.QueryReceived += (_, e) =>
        {
            Interlocked.Increment(ref _queries);
            var query = (DnsMessage)e.Query;
            var response = query.CreateResponseInstance();
            var name = query.Questions[0].Name.ToString().TrimEnd('.');
            switch (name)
            {
                case "_imap._tcp.op.test" or "_submission._tcp.op.test":
                    var service = name.StartsWith("_imap", StringComparison.Ordinal) ? "imap" : "smtp";
                    response.AnswerRecords.Add(new ARSoft.Tools.Net.Dns.SrvRecord(query.Questions[0].Name, 300, 10, 1, 143, DomainName.Parse($"{service}-psc.op.test")));
                    break;
                case "_imap._tcp.broken.test" or "_submission._tcp.broken.test":
                    response.ReturnCode = ReturnCode.ServerFailure;
                    break;
                default:
                    response.ReturnCode = ReturnCode.NxDomain;
                    break;
            }

            e.Response = response;
            return Task.CompletedTask;
        };
        _server.Start();
    }

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task A_domain_without_records_of_the_bal_type_is_no_record_and_a_failing_dns_is_a_dns_failure()
    {
        var dns = new MssAutoconfiguration(_endpoint);

        var per = await dns.ResolveAsync("dr@op.test", BalType.Per);
        var app = await Should.ThrowAsync<AutoconfigurationException>(() => dns.ResolveAsync("dpi@op.test", BalType.App));
        var unknown = await Should.ThrowAsync<AutoconfigurationException>(() => dns.ResolveAsync("dr@nowhere.test", BalType.Per));
        var broken = await Should.ThrowAsync<AutoconfigurationException>(() => dns.ResolveAsync("dr@broken.test", BalType.Per));

        per.Imap.ShouldBe([new ServiceEndpoint("imap-psc.op.test", 143)]);
        per.Submission.ShouldBe([new ServiceEndpoint("smtp-psc.op.test", 143)]);
        (app.Failure, unknown.Failure, broken.Failure).ShouldBe((AutoconfigurationFailure.NoRecord, AutoconfigurationFailure.NoRecord, AutoconfigurationFailure.DnsFailure));
        app.Message.ShouldBe("Autoconfiguration failed: _imap._tcp.op.test has no SRV record of priority 20 (BAL APP); configure the endpoints by hand.");
        broken.Action.ShouldBe(MssAction.RetryLater);
    }

    [Fact]
    public async Task A_dns_server_that_does_not_answer_is_a_dns_failure()
    {
        var silent = new IPEndPoint(IPAddress.Loopback, Repository.FreePort());
        var dns = new MssAutoconfiguration(silent, timeout: TimeSpan.FromMilliseconds(300));

        var failure = await Should.ThrowAsync<AutoconfigurationException>(() => dns.ResolveAsync("dr@op.test", BalType.Per));

        failure.Failure.ShouldBe(AutoconfigurationFailure.DnsFailure);
        failure.Message.ShouldContain("did not answer");
    }

    [Fact]
    public async Task Answers_are_cached_for_their_ttl_on_the_clients_clock()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var dns = new MssAutoconfiguration(_endpoint, clock);

        await dns.ResolveAsync("dr@op.test", BalType.Per);
        var afterFirst = _queries;
        clock.Advance(TimeSpan.FromSeconds(299));
        await dns.ResolveAsync("dr@op.test", BalType.Org);
        var withinTtl = _queries;
        clock.Advance(TimeSpan.FromSeconds(2));
        await dns.ResolveAsync("dr@op.test", BalType.Per);

        afterFirst.ShouldBe(2);
        withinTtl.ShouldBe(2);
        _queries.ShouldBe(4);
    }
}
