using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenMss.Lps;
using OpenMss.Lps.Gateway;
using OpenMss.Psc.Sandbox;
using OpenMss.TestSupport;

namespace OpenMss.Gateway.Tests;

/// <summary>Pairing by CIBA, access tokens across refresh cycles, a lost refresh answer, a restart, and bad handles.</summary>
public sealed class PairingAndTokenTests
{
    [Fact]
    public async Task A_ciba_pairing_gives_an_installation_tokens_across_several_refreshes_without_a_prompt()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        session.IdNat.ShouldBe(RunningGateway.IdNat);
        using var tokens = gateway.TokenSource(sdk, session);

        var seen = new List<string>();
        for (var cycle = 0; cycle < 4; cycle++)
        {
            var token = await tokens.GetAsync(null, default);
            var jwt = new JsonWebToken(token.Value);
            jwt.GetPayloadValue<string>("SubjectNameID").ShouldBe(RunningGateway.IdNat);
            (await gateway.Psc.IntrospectActiveAsync(token.Value)).ShouldBeTrue($"cycle {cycle}: the token handed out is live at PSC");
            seen.Add(token.Value);
            gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(2)); // past the access token's life: the next one needs a refresh
        }

        seen.Distinct().Count().ShouldBe(4, "each cycle brought a refreshed token");
        var stored = (await gateway.Store.GatewaySessions.ListLiveAsync(10, default)).ShouldHaveSingleItem();
        stored.Version.ShouldBe(3, "three refreshes, each rotated token written once");
        tokens.IsEnded.ShouldBeFalse();
    }

    [Fact]
    public async Task A_refresh_whose_answer_is_lost_after_psc_rotated_the_token_is_retried_without_losing_the_session()
    {
        await using var gateway = await RunningGateway.StartAsync(psc: psc => psc with { Lifetimes = psc.Lifetimes with { SlowDelay = TimeSpan.FromSeconds(5) } });
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using var tokens = gateway.TokenSource(sdk, session);
        var first = await tokens.GetAsync(null, default);
        gateway.Options.PscTimeout = TimeSpan.FromSeconds(2); // from now on: shorter than the late answer

        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(2));
        await gateway.Psc.Client.SetFailureAsync(FailureMode.LateRefresh); // the next refresh rotates, then answers too late
        var second = await tokens.GetAsync(null, default);

        second.Value.ShouldNotBe(first.Value);
        (await gateway.Psc.IntrospectActiveAsync(second.Value)).ShouldBeTrue();
        gateway.Logs.Lines.ShouldContain(line => line.Contains("refresh attempt 1 got no answer", StringComparison.Ordinal));
        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(2));
        (await tokens.GetAsync(null, default)).Value.ShouldNotBe(second.Value, "the token PSC rotated to was kept: the session refreshes on");
    }

    [Fact]
    public async Task A_gateway_restart_keeps_every_session_and_its_tokens_stay_encrypted_at_rest()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using (var tokens = gateway.TokenSource(sdk, session))
        {
            var token = await tokens.GetAsync(null, default);
            var stored = (await gateway.Store.GatewaySessions.ListLiveAsync(1, default)).Single();
            System.Text.Encoding.UTF8.GetString(stored.AccessToken).ShouldNotContain(token.Value[..40], Case.Sensitive, "tokens are stored protected");
            stored.HandleHash.ShouldNotBe(session.Handle);
        }

        await gateway.RestartAsync();
        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(2));
        using var again = gateway.TokenSource(sdk, session);
        var refreshed = await again.GetAsync(null, default);
        (await gateway.Psc.IntrospectActiveAsync(refreshed.Value)).ShouldBeTrue("the restarted gateway read its key ring and refreshed");
    }

    [Fact]
    public async Task Refused_and_unknown_pairings_and_handles_get_one_clear_status()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();

        var refused = sdk.PairWithCibaAsync("poste-1", RunningGateway.IdNat);
        await gateway.DecideCibaAsync(RunningGateway.IdNat, approve: false);
        (await Should.ThrowAsync<MssPscSessionEndedException>(refused)).Message.ShouldContain("refused");
        (await Should.ThrowAsync<MssConfigurationException>(() => sdk.PairWithCibaAsync("poste-1", "899999999999"))).Message.ShouldContain("knows no professional");
        (await Should.ThrowAsync<MssConfigurationException>(() => sdk.PairWithCibaAsync("poste 1!", RunningGateway.IdNat))).Message.ShouldContain("installation");

        var session = await gateway.PairAsync(sdk, "poste-1");
        using var http = new HttpClient(OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor));
        async Task<HttpStatusCode> TokenStatusAsync(string handle, string installation)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Url, "token"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", handle);
            request.Headers.Add(MssGateway.InstallationHeader, installation);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        (await TokenStatusAsync(session.Handle, "poste-1")).ShouldBe(HttpStatusCode.OK);
        (await TokenStatusAsync(session.Handle, "poste-2")).ShouldBe(HttpStatusCode.Forbidden, "another installation's handle");
        (await TokenStatusAsync("forged-handle", "poste-1")).ShouldBe(HttpStatusCode.Unauthorized);
        gateway.Logs.Lines.ShouldContain(line => line.Contains("handle of another installation", StringComparison.Ordinal) && line.Contains("poste-2", StringComparison.Ordinal));
        var audit = (await gateway.Store.Audit.ListAsync(null, 100, default)).Select(r => r.Event).Where(e => e.Category == GatewayAudit.Category).ToList();
        audit.ShouldContain(e => e.Action == "token" && e.Outcome == "refused" && e.Reason == "handle of another installation" && e.Actor!.Contains("poste-2"));
        audit.ShouldContain(e => e.Action == "token" && e.Outcome == "refused" && e.Reason == "unknown handle");
        audit.ShouldContain(e => e.Action == "pair" && e.Outcome == "refused");
        audit.ShouldContain(e => e.Action == "pair" && e.Outcome == "paired" && e.Actor!.Contains("poste-1"));
        audit.ShouldAllBe(e => !(e.Actor ?? "").Contains(session.Handle) && !(e.Reason ?? "").Contains(session.Handle));

        using var callback = await http.GetAsync(new Uri(gateway.Url, "callback?state=forged&code=x"));
        callback.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_server_side_lps_takes_its_tokens_in_process_from_the_same_sessions()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "saas-front");
        var services = (GatewayServices)gateway.App.Services.GetService(typeof(GatewayServices))!;

        var saas = (await SaasTokenSource.ForHandleAsync(services, session.Handle, default)).ShouldNotBeNull();
        var token = await saas.GetAsync(null, default);
        (await gateway.Psc.IntrospectActiveAsync(token.Value)).ShouldBeTrue();
        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(2));
        (await saas.GetAsync(null, default)).Value.ShouldNotBe(token.Value, "refreshed by the gateway's rules");

        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        saas.SessionEnded += (_, _) => ended.TrySetResult();
        await sdk.LogoutAsync(session);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Should.ThrowAsync<MssPscSessionEndedException>(() => saas.GetAsync(null, default));
        (await SaasTokenSource.ForHandleAsync(services, session.Handle, default)).ShouldBeNull();
    }

    [Fact]
    public async Task A_ciba_request_nobody_answers_expires_and_the_installation_is_told()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var pairing = sdk.PairWithCibaAsync("poste-1", RunningGateway.IdNat);
        await gateway.DecideCibaAsync(RunningGateway.IdNat, approve: null);

        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(3)); // past the request's 120 s

        (await Should.ThrowAsync<MssPscSessionEndedException>(pairing.WaitAsync(TimeSpan.FromSeconds(30)))).Message.ShouldContain("expired");
        (await gateway.Store.GatewaySessions.ListLiveAsync(10, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Token_and_pairing_requests_are_bounded_per_installation_and_per_client()
    {
        // One request a second, a burst of two: thirty requests would need half a minute to pass.
        await using var gateway = await RunningGateway.StartAsync(options => options.RequestsPerSecond = 1);
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using var http = new HttpClient(OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor));

        var tokens = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Url, "token"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Handle);
            request.Headers.Add(MssGateway.InstallationHeader, "poste-1");
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }));
        var pairings = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            using var response = await http.PostAsync(new Uri(gateway.Url, "pair/ciba"), new StringContent("{\"installation\":\"x y\"}", System.Text.Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }));

        tokens.ShouldContain(HttpStatusCode.TooManyRequests);
        tokens.ShouldAllBe(status => status == HttpStatusCode.OK || status == HttpStatusCode.TooManyRequests);
        pairings.ShouldContain(HttpStatusCode.TooManyRequests, "each pairing prompts a professional's phone");
        pairings.ShouldAllBe(status => status == HttpStatusCode.BadRequest || status == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task No_token_handle_or_secret_reaches_the_logs()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var sdk = gateway.Sdk();
        var session = await gateway.PairAsync(sdk, "poste-1");
        using var tokens = gateway.TokenSource(sdk, session);
        var first = await tokens.GetAsync(null, default);
        gateway.Psc.Clock.Shift(TimeSpan.FromMinutes(2));
        var second = await tokens.GetAsync(null, default);
        await sdk.LogoutAsync(session);

        gateway.Logs.Lines.ShouldNotBeEmpty();
        foreach (var secret in new[] { first.Value, second.Value, session.Handle, RunningGateway.Secret })
        {
            gateway.Logs.Lines.ShouldNotContain(line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
