using OpenMss.Net;
using OpenMss.Pki;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>The operator's validator (OpenMss.Psc) against the sandbox over HTTPS on loopback, as an operator configured for it.</summary>
public sealed class OperatorValidationTests : IAsyncLifetime
{
    private const string IdNat = "810001234567";
    private readonly PscMetrics _metrics = new();
    private readonly HttpClient _http = new(TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor));
    private RunningSandbox _psc = null!;

    public async Task InitializeAsync() => _psc = await RunningSandbox.StartAsync(s => s with { Lifetimes = s.Lifetimes with { SlowDelay = TimeSpan.FromSeconds(2) } });

    public async Task DisposeAsync()
    {
        await _psc.DisposeAsync();
        _http.Dispose();
        _metrics.Dispose();
    }

    private PscTokenValidator Validator(PscValidationMode mode = PscValidationMode.Introspection, TimeSpan? timeout = null) => new(
        new PscOptions
        {
            Issuer = _psc.Issuer,
            ClientId = RunningSandbox.Operator.ClientId,
            ClientSecret = RunningSandbox.Operator.Secret,
            Mode = mode,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
        },
        _http, TimeProvider.System, _metrics);

    [Theory]
    [InlineData(PscValidationMode.Introspection)]
    [InlineData(PscValidationMode.Userinfo)]
    public async Task A_sandbox_token_is_valid_for_an_operator_configured_with_the_sandbox(PscValidationMode mode)
    {
        using var validator = Validator(mode);

        var result = await validator.ValidateAsync(await _psc.TokenAsync(IdNat), default);

        result.Outcome.ShouldBe(TokenOutcome.Valid, result.Detail);
        result.Identity!.IdNat.ShouldBe(IdNat);
        result.Identity.Acr.ShouldBe("eidas1");
        result.Identity.ExpiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddSeconds(100), DateTimeOffset.UtcNow.AddSeconds(121));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        using var validator = Validator();
        _psc.Clock.Shift(TimeSpan.FromMinutes(-10));
        var token = await _psc.TokenAsync(IdNat);
        _psc.Clock.Shift(TimeSpan.FromMinutes(10));

        var result = await validator.ValidateAsync(token, default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.Expired));
    }

    [Fact]
    public async Task A_token_revoked_by_logout_is_refused()
    {
        using var validator = Validator();
        var tokens = await _psc.CibaTokensAsync(IdNat);
        using var logout = await _psc.Http.GetAsync(new Uri(_psc.Client.Endpoint("/logout") + $"?id_token_hint={tokens.Text("id_token")}"));

        var result = await validator.ValidateAsync(tokens.Text("access_token"), default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.Inactive));
    }

    [Fact]
    public async Task A_token_from_another_sandbox_or_with_a_tampered_signature_is_refused()
    {
        using var validator = Validator();
        await using var other = await RunningSandbox.StartAsync();
        var token = await _psc.TokenAsync(IdNat);
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^6]}{(parts[2][^6] == 'A' ? "BBBBBB" : "AAAAAA")}";

        var foreign = await validator.ValidateAsync(await other.TokenAsync(IdNat), default);
        var forged = await validator.ValidateAsync(tampered, default);

        (foreign.Outcome, foreign.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.WrongIssuer));
        (forged.Outcome, forged.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.Inactive));
    }

    [Fact]
    public async Task A_production_operator_never_accepts_a_sandbox_token()
    {
        using var validator = new PscTokenValidator(
            new PscOptions { Issuer = new Uri("https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet"), ClientId = "operateur", ClientSecret = "secret" },
            _http, TimeProvider.System, _metrics);

        var result = await validator.ValidateAsync(await _psc.TokenAsync(IdNat), default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Refused, TokenProblem.WrongIssuer));
        _psc.Sandbox.Introspections.ShouldBe(0);
    }

    [Theory]
    [InlineData(FailureMode.Inactive, TokenOutcome.Refused, TokenProblem.Inactive)]
    [InlineData(FailureMode.ServerError, TokenOutcome.Unavailable, TokenProblem.PscError)]
    public async Task Failure_modes_are_a_refusal_or_a_temporary_failure(FailureMode mode, TokenOutcome outcome, TokenProblem problem)
    {
        using var validator = Validator();
        var token = await _psc.TokenAsync(IdNat);
        await _psc.Client.SetFailureAsync(mode);

        var result = await validator.ValidateAsync(token, default);

        (result.Outcome, result.Problem).ShouldBe((outcome, problem));
    }

    [Fact]
    public async Task A_slow_psc_is_a_temporary_failure()
    {
        using var validator = Validator(timeout: TimeSpan.FromMilliseconds(500));
        var token = await _psc.TokenAsync(IdNat);
        await _psc.Client.SetFailureAsync(FailureMode.Slow);

        var result = await validator.ValidateAsync(token, default);

        (result.Outcome, result.Problem).ShouldBe((TokenOutcome.Unavailable, TokenProblem.PscTimeout));
    }

    [Fact]
    public async Task A_psc_that_is_down_is_a_temporary_failure()
    {
        using var validator = Validator();
        var token = await _psc.TokenAsync(IdNat);
        await _psc.Sandbox.StopAsync();

        var result = await validator.ValidateAsync(token, default);

        result.Outcome.ShouldBe(TokenOutcome.Unavailable);
        result.Problem.ShouldBe(TokenProblem.PscUnreachable);
    }

    [Fact]
    public async Task Concurrent_sessions_with_one_token_cost_one_introspection()
    {
        using var validator = Validator();
        var token = await _psc.TokenAsync(IdNat);
        await _psc.Client.SetFailureAsync(FailureMode.Slow); // holds the one call open while the others arrive
        var before = _psc.Sandbox.Introspections;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => validator.ValidateAsync(token, default))));
        var later = await validator.ValidateAsync(token, default);

        results.ShouldAllBe(r => r.Outcome == TokenOutcome.Valid);
        later.Outcome.ShouldBe(TokenOutcome.Valid);
        (_psc.Sandbox.Introspections - before).ShouldBe(1);
    }
}
