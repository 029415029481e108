using OpenMss.Lps.Autoconfiguration;

namespace OpenMss.Lps.Tests;

/// <summary>ECO.1.1.9 as MSSanté uses SRV: the priority chooses the front and is never a fallback; RFC 2782 weights within it.</summary>
public sealed class SrvSelectionTests
{
    private static readonly SrvRecord[] Operator =
    [
        new(10, 1, 143, "imap-psc.op.test."),
        new(20, 1, 143, "imap-authcli.op.test."),
    ];

    [Fact]
    public void Priority_10_is_the_psc_front_and_20_the_authcli_front()
    {
        SrvSelection.Order(Operator, 10, new Random(1)).ShouldBe([new ServiceEndpoint("imap-psc.op.test", 143)]);
        SrvSelection.Order(Operator, 20, new Random(1)).ShouldBe([new ServiceEndpoint("imap-authcli.op.test", 143)]);
    }

    [Fact]
    public void There_is_no_fallback_from_one_priority_to_the_other()
    {
        SrvSelection.Order([Operator[1]], 10, new Random(1)).ShouldBeEmpty();
        SrvSelection.Order([Operator[0]], 20, new Random(1)).ShouldBeEmpty();
    }

    [Fact]
    public void Weights_share_the_first_choice_in_proportion_and_every_record_of_the_priority_is_kept_for_failover()
    {
        SrvRecord[] records = [new(10, 3, 143, "a.op.test"), new(10, 1, 143, "b.op.test"), new(20, 50, 143, "app.op.test")];
        var random = new Random(42);
        var firsts = Enumerable.Range(0, 4000).Select(_ => SrvSelection.Order(records, 10, random)).ToList();

        firsts.ShouldAllBe(order => order.Count == 2 && order.Select(e => e.Host).OrderBy(h => h).SequenceEqual(new[] { "a.op.test", "b.op.test" }));
        var share = firsts.Count(order => order[0].Host == "a.op.test") / 4000.0;
        share.ShouldBeInRange(0.77, 0.83); // RFC 2782 draws in 0..sum inclusive: the first record wins (3 + 1) / (4 + 1)
    }

    [Fact]
    public void A_zero_weight_record_is_rarely_first_and_a_dot_target_means_no_service()
    {
        SrvRecord[] records = [new(10, 0, 143, "spare.op.test"), new(10, 10, 143, "main.op.test"), new(10, 5, 143, ".")];
        var random = new Random(7);
        var orders = Enumerable.Range(0, 1000).Select(_ => SrvSelection.Order(records, 10, random)).ToList();

        orders.ShouldAllBe(order => order.Count == 2);
        orders.Count(order => order[0].Host == "spare.op.test").ShouldBeLessThan(200);
    }

    [Theory]
    [InlineData("imap.op.test:143", "imap.op.test", 143)]
    [InlineData("[::1]:10143", "::1", 10143)]
    [InlineData("127.0.0.1:587", "127.0.0.1", 587)]
    public void Endpoints_parse_and_print_back(string text, string host, int port)
    {
        var endpoint = ServiceEndpoint.Parse(text);
        endpoint.ShouldBe(new ServiceEndpoint(host, port));
        endpoint.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("imap.op.test")]
    [InlineData("imap.op.test:0")]
    [InlineData("imap.op.test:70000")]
    [InlineData(":143")]
    [InlineData("imap.op.test:-1")]
    public void Malformed_endpoints_are_refused(string text) => Should.Throw<FormatException>(() => ServiceEndpoint.Parse(text));
}
