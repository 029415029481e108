using System.Net;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>CIBA in poll mode as ANS's reference client uses it: pending, approved, refused, expired, and bad requests.</summary>
public sealed class CibaTests : IAsyncLifetime
{
    private const string IdNat = "810001234567";
    private const string Grant = "urn:openid:params:grant-type:ciba";
    private RunningSandbox _psc = null!;

    public async Task InitializeAsync() => _psc = await RunningSandbox.StartAsync(s => s with { Lifetimes = s.Lifetimes with { CibaInterval = TimeSpan.FromSeconds(5) } });

    public async Task DisposeAsync() => await _psc.DisposeAsync();

    [Fact]
    public async Task Pending_until_approved_then_tokens_once()
    {
        var (id, interval) = await Request();

        var (pendingStatus, pending) = await Poll(id);
        var (_, tooSoon) = await Poll(id);
        var state = await _psc.Client.StateAsync();
        var shown = state.RootElement.GetProperty("pendingCiba")[0];
        await _psc.Client.DecideAsync(id, approve: true);
        _psc.Clock.Shift(interval);
        var (approvedStatus, tokens) = await Poll(id);
        _psc.Clock.Shift(interval);
        var (_, again) = await Poll(id);

        interval.ShouldBe(TimeSpan.FromSeconds(5));
        pendingStatus.ShouldBe(HttpStatusCode.BadRequest);
        pending.Text("error").ShouldBe("authorization_pending");
        tooSoon.Text("error").ShouldBe("slow_down");
        (shown.Text("idNat"), shown.Text("bindingMessage"), shown.Text("channel")).ShouldBe((IdNat, "07", "CARD"));
        approvedStatus.ShouldBe(HttpStatusCode.OK);
        (await _psc.IntrospectAsync(tokens.Text("access_token"))).Body.Text("SubjectNameID").ShouldBe(IdNat);
        again.Text("error").ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task A_refusal_is_access_denied()
    {
        var (id, _) = await Request();

        await _psc.Client.DecideAsync(id, approve: false);
        var (status, body) = await Poll(id);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.Text("error").ShouldBe("access_denied");
        await Should.ThrowAsync<SandboxClientException>(() => _psc.Client.DecideAsync(id, approve: true));
    }

    [Fact]
    public async Task An_unanswered_request_expires()
    {
        var (id, _) = await Request();

        _psc.Clock.Shift(TimeSpan.FromSeconds(121));
        var (_, body) = await Poll(id);

        body.Text("error").ShouldBe("expired_token");
        await Should.ThrowAsync<SandboxClientException>(() => _psc.Client.DecideAsync(id, approve: true));
    }

    [Theory]
    [InlineData("899999999999", "07", "CARD", "unknown_user_id")]
    [InlineData(IdNat, "7", "CARD", "invalid_binding_message")]
    [InlineData(IdNat, "07", "FAX", "invalid_request")]
    public async Task Bad_requests_get_the_ciba_error(string loginHint, string binding, string channel, string error)
    {
        var (status, body) = await _psc.PostFormAsync("/ext/ciba/auth", RunningSandbox.Lps,
            ("scope", "openid scope_all"), ("acr_values", "eidas1"), ("login_hint", loginHint), ("binding_message", binding), ("channel", channel));

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.Text("error").ShouldBe(error);
    }

    [Fact]
    public async Task Ciba_must_be_enabled_for_the_client_and_the_client_authenticated()
    {
        var form = new[] { ("scope", "openid scope_all"), ("login_hint", IdNat) };

        var (notEnabled, body) = await _psc.PostFormAsync("/ext/ciba/auth", RunningSandbox.Operator, form);
        var (anonymous, _) = await _psc.PostFormAsync("/ext/ciba/auth", null, form);

        notEnabled.ShouldBe(HttpStatusCode.BadRequest);
        body.Text("error").ShouldBe("unauthorized_client");
        anonymous.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private Task<(string, TimeSpan)> Request() =>
        _psc.Client.RequestCibaAsync(RunningSandbox.Lps.ClientId, RunningSandbox.Lps.Secret, IdNat, "07", "CARD");

    private Task<(HttpStatusCode, System.Text.Json.JsonElement)> Poll(string id) =>
        _psc.PostFormAsync("/token", RunningSandbox.Lps, ("grant_type", Grant), ("auth_req_id", id));
}
