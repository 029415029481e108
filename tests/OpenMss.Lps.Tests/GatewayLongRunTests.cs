using System.Text.Json;
using OpenMss.Lps.Gateway;
using OpenMss.Lps.Trust;
using OpenMss.Sandbox;
using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>
/// A thick client on the gateway across several token lifetimes: PSC's access tokens last 8 seconds and the operator
/// ends IMAP sessions after 4, so every reopening needs a token the gateway refreshed; no prompt, no error. PSC, the
/// gateway, the operator and the SDK share one stepped clock, moved 2 seconds between rounds.
/// </summary>
public sealed class GatewayLongRunTests(ShortTokenFixture fixture) : IClassFixture<ShortTokenFixture>, IDisposable
{
    private readonly TempDirectory _directory = new();

    private ClockedTrustSpace Space => fixture.Space;

    [Fact]
    public async Task A_paired_client_sends_and_reads_across_many_token_lifetimes_with_no_prompt()
    {
        var trust = new MssTrustOptions();
        trust.AddRootsFromPem(Space.Pki.TrustAnchor);
        using var gateway = new MssGateway(Space.GatewayUrl!, trust);
        var pairing = gateway.PairWithCibaAsync("poste-long", SandboxProcess.PerHolder);
        var approval = Space.ApproveCibaAsync(SandboxGateway.ClientId);
        if (await Task.WhenAny(pairing, approval) == pairing)
        {
            await pairing; // a pairing that failed before PSC saw it: its own error, not the approval's timeout
        }

        await approval;
        await Space.Clock.WaitForTimerAsync(ShortTokenFixture.CibaInterval); // the gateway waits to poll PSC again
        Space.Clock.Advance(ShortTokenFixture.CibaInterval);
        var session = await pairing.WaitAsync(TimeSpan.FromSeconds(30));
        using var tokens = gateway.TokenSource(session);
        tokens.Time = Space.Clock;
        using var client = new MssClient(Space.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);

        const int rounds = 15; // 30 seconds of the clock: several 8-second tokens, several 4-second sessions
        for (var round = 0; round < rounds; round++)
        {
            var subject = $"long run {round}";
            await per.SendAsync(Message(SandboxProcess.Per, subject));
            var summary = (await per.ListNewAsync()).Messages.Single(m => m.Subject == subject);
            await per.MarkProcessedAsync(summary.Uid, delete: true);
            Space.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        tokens.IsEnded.ShouldBeFalse();
        per.Reopenings.ShouldBeGreaterThanOrEqualTo(6, "the operator ended the sessions every other round, which reopened with fresh tokens");
        var sessions = await ProcessRunner.RunAsync(Repository.Wrapper, ["gateway", "sessions", "--data", Space.GatewayStore, "--json"], _directory.Path);
        sessions.ExitCode.ShouldBe(0, sessions.Error);
        JsonDocument.Parse(sessions.Out).RootElement.EnumerateArray().Single(s => s.GetProperty("installation").GetString() == "poste-long")
            .GetProperty("refreshes").GetInt64().ShouldBeGreaterThanOrEqualTo(3, "30 seconds are several 8-second tokens");
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>PSC handing out 8-second access tokens, the gateway, and an operator that ends IMAP sessions after 4 seconds.</summary>
public sealed class ShortTokenFixture : IAsyncLifetime
{
    public static readonly TimeSpan CibaInterval = TimeSpan.FromSeconds(1);

    public ClockedTrustSpace Space { get; private set; } = null!;

    public async Task InitializeAsync() => Space = await ClockedTrustSpace.StartAsync(
        new Dictionary<string, string> { ["Imap:Limits:SessionLifetime"] = "00:00:04" },
        new OpenMss.Psc.Sandbox.SandboxLifetimes { AccessToken = TimeSpan.FromSeconds(8), CibaInterval = CibaInterval },
        gateway: true);

    public async Task DisposeAsync() => await Space.DisposeAsync();
}
