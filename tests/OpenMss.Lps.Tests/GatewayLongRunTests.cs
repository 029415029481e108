using System.Text.Json;
using OpenMss.Lps.Gateway;
using OpenMss.Lps.Trust;
using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>
/// A thick client on the gateway for longer than several token lifetimes: PSC's access tokens last 8 seconds and
/// the operator ends IMAP sessions after 4, so every reopening needs a token the gateway refreshed; no prompt, no error.
/// </summary>
public sealed class GatewayLongRunTests(ShortTokenFixture fixture) : IClassFixture<ShortTokenFixture>, IDisposable
{
    private readonly TempDirectory _directory = new();

    private SandboxProcess Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_paired_client_sends_and_reads_across_many_token_lifetimes_with_no_prompt()
    {
        var gatewayUrl = new Uri(Sandbox.Manifest.GetProperty("gateway").GetString()!);
        var trust = new MssTrustOptions();
        trust.AddRootsFromPem(Sandbox.Ca);
        using var gateway = new MssGateway(gatewayUrl, trust);
        var pairing = gateway.PairWithCibaAsync("poste-long", SandboxProcess.PerHolder);
        var approval = Sandbox.ApproveCibaAsync("openmss-gateway");
        if (await Task.WhenAny(pairing, approval) == pairing)
        {
            await pairing; // a pairing that failed before PSC saw it: its own error, not the approval's timeout
        }

        await approval;
        var session = await pairing;
        using var tokens = gateway.TokenSource(session);
        using var client = new MssClient(Sandbox.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);

        var until = DateTime.UtcNow.AddSeconds(30);
        var rounds = 0;
        while (DateTime.UtcNow < until)
        {
            var subject = $"long run {rounds}";
            await per.SendAsync(Message(SandboxProcess.Per, subject));
            var summary = await FindAsync(per, subject);
            await per.MarkProcessedAsync(summary.Uid, delete: true);
            rounds++;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        // What counts is the token lifetimes crossed (the refreshes and reopenings below); a loaded machine does fewer
        // rounds in the 30 seconds, and a count of rounds is no measure of anything here.
        rounds.ShouldBeGreaterThanOrEqualTo(5);
        tokens.IsEnded.ShouldBeFalse();
        per.Reopenings.ShouldBeGreaterThanOrEqualTo(4, "the operator ended the sessions, which reopened with fresh tokens");
        var sessions = await ProcessRunner.RunAsync(Repository.Wrapper, ["gateway", "sessions", "--data", Path.Combine(Sandbox.Data, "gateway", "store"), "--json"], _directory.Path);
        sessions.ExitCode.ShouldBe(0, sessions.Error);
        JsonDocument.Parse(sessions.Out).RootElement.EnumerateArray().Single(s => s.GetProperty("installation").GetString() == "poste-long")
            .GetProperty("refreshes").GetInt64().ShouldBeGreaterThanOrEqualTo(3, "30 seconds are several 8-second tokens");
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>A sandbox whose PSC hands out 8-second access tokens and whose operator ends IMAP sessions after 4 seconds.</summary>
public sealed class ShortTokenFixture : IAsyncLifetime
{
    public SandboxProcess Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
    {
        ["Psc:AccessTokenLifetime"] = "00:00:08",
        ["Imap:Limits:SessionLifetime"] = "00:00:04",
    });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
