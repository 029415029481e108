using System.Diagnostics.Metrics;

using OpenMss.TestSupport;

namespace OpenMss.Psc.Tests;

/// <summary>
/// The operator's token validation against a loopback stand-in that misbehaves in ways the sandbox never does (wrong
/// acr, oversized answers, no wallet discovery) and whose tokens the test shapes freely; validation against the PSC
/// sandbox itself is in OpenMss.Psc.Sandbox.Tests.
/// </summary>
public sealed class PscTokenValidatorTests : IAsyncLifetime
{
    private const string IdNat = "810001234567";
    private LoopbackPsc _psc = null!;
    private readonly HttpClient _http = new();
    private readonly PscMetrics _metrics = new();

    public async Task InitializeAsync() => _psc = await LoopbackPsc.StartAsync();

    public async Task DisposeAsync()
    {
        await _psc.DisposeAsync();
        _http.Dispose();
        _metrics.Dispose();
    }

    private PscTokenValidator Validator(Func<PscOptions, PscOptions>? change = null)
    {
        var options = new PscOptions
        {
            Issuer = _psc.Issuer,
            ClientId = LoopbackPsc.ClientId,
            ClientSecret = LoopbackPsc.ClientSecret,
            // Generous: a loaded CI machine must not turn a slow answer into a failure. Timeout tests set their own.
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        return new PscTokenValidator(change?.Invoke(options) ?? options, _http, TimeProvider.System, _metrics);
    }

    [Fact]
    public async Task Cheap_checks_refuse_without_calling_psc()
    {
        using var validator = Validator();

        var malformed = await validator.ValidateAsync("not-a-jwt", default);
        var expired = await validator.ValidateAsync(_psc.IssueToken(IdNat, TimeSpan.FromMinutes(-2)), default);
        var foreign = await validator.ValidateAsync(_psc.IssueToken(IdNat, issuer: new Uri("https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet")), default);

        (malformed.Outcome, malformed.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.Malformed));
        (expired.Outcome, expired.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.Expired));
        (foreign.Outcome, foreign.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.WrongIssuer));
        _psc.Introspections.ShouldBe(0);
    }

    [Fact]
    public async Task Psc_saying_no_is_a_refusal()
    {
        using var validator = Validator();
        var revoked = _psc.IssueToken(IdNat);
        _psc.Revoke(revoked);

        var inactive = await validator.ValidateAsync(revoked, default);
        var wrongAcr = await validator.ValidateAsync(_psc.IssueToken(IdNat, acr: "eidas3"), default);

        (inactive.Outcome, inactive.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.Inactive));
        (wrongAcr.Outcome, wrongAcr.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.WrongAcr));
    }

    [Fact]
    public async Task An_oversized_answer_is_refused_without_reading_it_all()
    {
        using var validator = Validator();
        _psc.Failure = PscFailure.Huge;

        var result = await validator.ValidateAsync(_psc.IssueToken(IdNat), default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Unavailable, TokenProblem.PscError));
    }

    [Fact]
    public async Task A_caller_that_gives_up_leaves_no_stale_verdict_behind()
    {
        using var validator = Validator(o => o with { RequestTimeout = TimeSpan.FromSeconds(2) });
        var token = _psc.IssueToken(IdNat);
        (await validator.ValidateAsync(_psc.IssueToken(IdNat), default)).Outcome.ShouldBe(TokenOutcome.Valid); // discovery done
        _psc.Failure = PscFailure.Slow;
        _psc.SlowDelay = TimeSpan.FromSeconds(8);
        using (var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Should.ThrowAsync<OperationCanceledException>(() => validator.ValidateAsync(token, impatient.Token));
        }

        // The abandoned call times out (unavailable, not cached) and leaves the in-flight table by itself.
        for (var waited = 0; validator.InFlightCount > 0; waited++)
        {
            waited.ShouldBeLessThan(300, "the abandoned call never finished");
            await Task.Delay(100);
        }

        _psc.Failure = PscFailure.None;
        var result = await validator.ValidateAsync(token, default);

        // PSC is asked again rather than the abandoned call's "unavailable" being handed out.
        result.Outcome.ShouldBe(TokenOutcome.Valid, result.Detail);
        _psc.Introspections.ShouldBe(3);
    }

    [Fact]
    public async Task Wrong_client_credentials_are_an_operator_problem_not_the_users()
    {
        using var validator = Validator(o => o with { ClientSecret = "wrong" });

        var result = await validator.ValidateAsync(_psc.IssueToken(IdNat), default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Unavailable, TokenProblem.ClientRejected));
    }

    [Fact]
    public async Task The_cache_never_outlives_the_token_nor_ten_seconds()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var validator = new PscTokenValidator(
            new PscOptions { Issuer = _psc.Issuer, ClientId = LoopbackPsc.ClientId, ClientSecret = LoopbackPsc.ClientSecret },
            _http, clock, _metrics);
        var shortLived = _psc.IssueToken(IdNat, TimeSpan.FromSeconds(5));
        var longLived = _psc.IssueToken(IdNat, TimeSpan.FromMinutes(10));
        await validator.ValidateAsync(shortLived, default);
        await validator.ValidateAsync(longLived, default);
        await validator.ValidateAsync(shortLived, default);
        _psc.Introspections.ShouldBe(2);

        // Past the short token's expiry (still within the clock skew): its verdict is gone, the long one's is not.
        clock.Advance(TimeSpan.FromSeconds(6));
        await validator.ValidateAsync(shortLived, default);
        await validator.ValidateAsync(longLived, default);
        _psc.Introspections.ShouldBe(3);

        // Past ten seconds (the default): no verdict is kept longer, whatever the token's own lifetime, so that a
        // PSC logout is seen at the next authentication after it.
        clock.Advance(TimeSpan.FromSeconds(5));
        (await validator.ValidateAsync(longLived, default)).Outcome.ShouldBe(TokenOutcome.Valid);
        _psc.Introspections.ShouldBe(4);
    }

    [Fact]
    public async Task The_cache_is_bounded()
    {
        using var validator = Validator(o => o with { MaxCacheEntries = 20 });

        foreach (var i in Enumerable.Range(0, 60))
        {
            await validator.ValidateAsync(_psc.IssueToken($"8100000000{i:D2}"), default);
        }

        validator.CachedCount.ShouldBeLessThanOrEqualTo(20);
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_and_spares_psc()
    {
        using var validator = Validator(o => o with { BreakerMinimumCalls = 3, BreakerOpenTime = TimeSpan.FromSeconds(30) });
        (await validator.ValidateAsync(_psc.IssueToken(IdNat), default)).Outcome.ShouldBe(TokenOutcome.Valid); // discovery done
        _psc.Failure = PscFailure.ServerError;
        for (var i = 0; i < 6; i++)
        {
            await validator.ValidateAsync(_psc.IssueToken(IdNat), default);
        }

        var callsBefore = _psc.Introspections;
        _psc.Failure = PscFailure.None;
        var result = await validator.ValidateAsync(_psc.IssueToken(IdNat), default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Unavailable, TokenProblem.CircuitOpen));
        _psc.Introspections.ShouldBe(callsBefore);
    }

    [Fact]
    public async Task The_standard_discovery_name_is_read_when_the_wallet_one_is_absent()
    {
        _psc.StandardDiscoveryOnly = true;
        using var validator = Validator();

        (await validator.ValidateAsync(_psc.IssueToken(IdNat), default)).Outcome.ShouldBe(TokenOutcome.Valid);
    }

    [Fact]
    public async Task Userinfo_is_the_configurable_alternative()
    {
        using var validator = Validator(o => o with { Mode = PscValidationMode.Userinfo });
        var revoked = _psc.IssueToken(IdNat);
        _psc.Revoke(revoked);

        var valid = await validator.ValidateAsync(_psc.IssueToken(IdNat), default);
        var refused = await validator.ValidateAsync(revoked, default);

        valid.Identity!.IdNat.ShouldBe(IdNat);
        refused.Problem.ShouldBe(TokenProblem.Inactive);
        (_psc.Userinfos, _psc.Introspections).ShouldBe((2, 0));
    }

    [Fact]
    public async Task Validations_and_cache_hits_are_measured_and_tokens_never_reach_them()
    {
        var seen = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PscMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        using var validator = Validator();
        var token = _psc.IssueToken(IdNat);

        await validator.ValidateAsync(token, default);
        await validator.ValidateAsync(token, default);
        await validator.ValidateAsync("garbage", default);

        seen.Count(s => s.Instrument == "openmss.psc.validations" && s.Tags.Contains("outcome=valid", StringComparison.Ordinal)).ShouldBe(2);
        seen.Count(s => s.Instrument == "openmss.psc.validations" && s.Tags.Contains("problem=Malformed", StringComparison.Ordinal)).ShouldBe(1);
        seen.Count(s => s.Instrument == "openmss.psc.cache_hits").ShouldBe(1);
        seen.ShouldAllBe(s => !s.Tags.Contains(token, StringComparison.Ordinal));
    }
}
