using System.Diagnostics;
using System.Net;
using OpenMss.Lps;
using OpenMss.TestSupport;

namespace OpenMss.Gateway.Tests;

/// <summary>Every way a gateway session ends reaches the installation at once (ECO.1.2.6), and a logout token is judged before it ends anything.</summary>
public sealed class LogoutTests
{
    [Fact]
    public async Task A_psc_logout_reaches_the_installation_at_once_through_the_back_channel()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        var other = await gateway.PairAsync(sdk, "poste-2", "810002345678");
        using var tokens = gateway.TokenSource(sdk, session);
        using var otherTokens = gateway.TokenSource(sdk, other);
        var token = await tokens.GetAsync(null, default);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tokens.SessionEnded += (_, _) => ended.TrySetResult();
        await tokens.Listening.WaitAsync(TimeSpan.FromSeconds(10));

        var pscSession = (await gateway.Store.GatewaySessions.ListLiveAsync(10, default)).Single(s => s.Installation == "poste-1").PscSession!;
        var clock = Stopwatch.StartNew();
        await gateway.Psc.Client.EndSessionAsync(pscSession);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
        clock.Stop();

        // Within seconds here; the ≤ 1 s target is the benchmark's to measure (docs/PERFORMANCE.md).
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "from PSC's logout to the installation told");
        (tokens.IsEnded, tokens.EndReason).ShouldBe((true, "psc-logout"));
        (await gateway.Psc.IntrospectActiveAsync(token.Value)).ShouldBeFalse();
        await Should.ThrowAsync<MssPscSessionEndedException>(() => tokens.GetAsync(null, default));
        otherTokens.IsEnded.ShouldBeFalse("another professional's session lives on");
        (await otherTokens.GetAsync(null, default)).Value.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_professional_s_logout_at_the_gateway_ends_psc_s_session_too()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using var tokens = gateway.TokenSource(sdk, session);
        var token = await tokens.GetAsync(null, default);

        await sdk.LogoutAsync(session);

        (await gateway.Psc.IntrospectActiveAsync(token.Value)).ShouldBeFalse("the gateway called PSC's logout with its refresh token");
        await EndedAsync(tokens);
        tokens.EndReason.ShouldBe("logout");
    }

    [Fact]
    public async Task An_administrator_s_revocation_on_another_node_reaches_the_installation()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using var tokens = gateway.TokenSource(sdk, session);
        await tokens.Listening.WaitAsync(TimeSpan.FromSeconds(10));

        // What 'openmss gateway revoke' does: straight in the store, as another process; this node reads it there.
        await gateway.Store.GatewaySessions.EndAsync(new Storage.GatewaySessionFilter(IdNat: RunningGateway.IdNat), "revoked", gateway.Psc.Clock.GetUtcNow(), default);

        await EndedAsync(tokens);
        tokens.EndReason.ShouldBe("revoked");
    }

    [Fact]
    public async Task An_idle_session_is_kept_alive_past_psc_s_idle_timeout()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        var sessions = (GatewaySessions)gateway.App.Services.GetService(typeof(GatewaySessions))!;

        // Twice 11 minutes without a token asked: beyond PSC's 15-minute idle timeout, had nobody refreshed.
        for (var pass = 0; pass < 2; pass++)
        {
            gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(11));
            (await sessions.KeepAliveAsync(default)).ShouldBe(1);
        }

        (await sessions.KeepAliveAsync(default)).ShouldBe(0, "just refreshed: not due");
        using var tokens = gateway.TokenSource(sdk, session);
        (await gateway.Psc.IntrospectActiveAsync((await tokens.GetAsync(null, default)).Value)).ShouldBeTrue("22 minutes on, the session lives");
    }

    [Fact]
    public async Task A_session_psc_let_die_ends_at_its_next_refresh_and_its_installation_hears_it()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using var tokens = gateway.TokenSource(sdk, session);
        await tokens.Listening.WaitAsync(TimeSpan.FromSeconds(10));

        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(16)); // PSC's SSO session idled out; nobody kept it alive

        await Should.ThrowAsync<MssPscSessionEndedException>(() => tokens.GetAsync(null, default));
        (tokens.IsEnded, tokens.EndReason).ShouldBe((true, "refresh-refused"));
        (await gateway.Store.GatewaySessions.ListLiveAsync(10, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_logout_token_is_refused_when_replayed_forged_or_for_another_client()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        await gateway.PairAsync(sdk, "poste-1");
        var stored = (await gateway.Store.GatewaySessions.ListLiveAsync(10, default)).Single();
        using var http = new HttpClient(OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor));
        async Task<(HttpStatusCode, string)> PostAsync(string token)
        {
            using var response = await http.PostAsync(new Uri(gateway.Url, "backchannel-logout"), new FormUrlEncodedContent([new("logout_token", token)]));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var forOther = gateway.Psc.Sandbox.LogoutToken(stored.PscSession!, "lps-editeur")!;
        (await PostAsync(forOther)).Item1.ShouldBe(HttpStatusCode.BadRequest);
        var valid = gateway.Psc.Sandbox.LogoutToken(stored.PscSession!, RunningGateway.ClientId)!;
        var parts = valid.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);
        (await PostAsync(forged)).Item1.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync("not-a-jwt")).Item1.ShouldBe(HttpStatusCode.BadRequest);
        (await gateway.Store.GatewaySessions.FindAsync(stored.Id, default))!.IsEnded.ShouldBeFalse("nothing was ended by a refused token");

        (await PostAsync(valid)).Item1.ShouldBe(HttpStatusCode.OK);
        (await gateway.Store.GatewaySessions.FindAsync(stored.Id, default))!.EndReason.ShouldBe("psc-logout");
        var audit = (await gateway.Store.Audit.ListAsync(null, 100, default)).Select(r => r.Event).Where(e => e.Category == GatewayAudit.Category).ToList();
        audit.ShouldContain(e => e.Action == "end" && e.Reason == "psc-logout");
        audit.Count(e => e.Action == "backchannel-logout" && e.Outcome == "refused").ShouldBe(3, "the token for another client, the forged one, the garbage");
        var (status, body) = await PostAsync(valid);
        (status, body.Contains("replay", StringComparison.Ordinal)).ShouldBe((HttpStatusCode.BadRequest, true));
    }

    /// <summary>Completes when the token source hears its session end (at once if it already has).</summary>
    private static Task EndedAsync(OpenMss.Lps.PscTokenSource tokens)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tokens.SessionEnded += (_, _) => ended.TrySetResult();
        if (tokens.IsEnded)
        {
            ended.TrySetResult();
        }

        return ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
