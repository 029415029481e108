using System.Net;
using OpenMss.TestSupport;

namespace OpenMss.Web.Tests;

/// <summary>PSC's status as the backup login asks it: a "down" is remembered a few seconds, an "up" never.</summary>
public sealed class PscStatusTests
{
    [Fact]
    public async Task A_down_psc_is_asked_again_only_after_the_memory_has_passed_and_an_up_one_each_time()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var discovery = new Discovery { Status = HttpStatusCode.ServiceUnavailable };
        using var status = new PscStatus(new Uri("https://psc.invalid/auth/realms/esante-wallet/"), discovery, clock);

        (await status.IsUpAsync(default)).ShouldBeFalse();
        discovery.Status = HttpStatusCode.OK;
        (await status.IsUpAsync(default)).ShouldBeFalse("a down answer is remembered");
        discovery.Asked.ShouldBe(1);

        clock.Advance(PscStatus.DownMemory);
        (await status.IsUpAsync(default)).ShouldBeTrue();
        (await status.IsUpAsync(default)).ShouldBeTrue();
        discovery.Asked.ShouldBe(3, "an up answer is asked again each time");
        discovery.LastPath.ShouldBe("/auth/realms/esante-wallet/.well-known/openid-configuration");
    }

    [Fact]
    public async Task A_psc_that_does_not_connect_is_down()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var status = new PscStatus(new Uri("https://psc.invalid/"), new Discovery { Fails = true }, clock);

        (await status.IsUpAsync(default)).ShouldBeFalse();
    }

    private sealed class Discovery : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; }

        public bool Fails { get; init; }

        public int Asked { get; private set; }

        public string? LastPath { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked++;
            LastPath = request.RequestUri!.AbsolutePath;
            return Fails ? throw new HttpRequestException("connection refused") : Task.FromResult(new HttpResponseMessage(Status));
        }
    }
}
