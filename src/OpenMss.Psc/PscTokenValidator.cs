using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OpenMss.Psc;

/// <summary>
/// Validates PSC access tokens the way spec §3.5 recommends: cheap checks first (a JWT, from the configured issuer,
/// not expired), then PSC's own word (introspection with the operator's client credentials, or userinfo), then the
/// acr and the identity. Verdicts are cached by token hash; concurrent sessions with one token share one call;
/// timeouts and a circuit breaker keep a failing PSC from holding sessions up, and its failures are reported as
/// temporary, distinct from refusals.
/// </summary>
public sealed class PscTokenValidator : ITokenValidator, IDisposable
{
    private readonly PscOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly PscMetrics _metrics;
    private readonly PscDiscovery _discovery;
    private readonly TokenCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<TokenValidation>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public PscTokenValidator(PscOptions options, HttpClient http, TimeProvider clock, PscMetrics metrics)
    {
        _options = options;
        _http = http;
        _clock = clock;
        _metrics = metrics;
        _discovery = new PscDiscovery(options, http, clock);
        _cache = new TokenCache(options.MaxCacheEntries, clock);
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumCalls,
                SamplingDuration = options.BreakerWindow,
                BreakDuration = options.BreakerOpenTime,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
            })
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    public void Dispose() => _discovery.Dispose();

    /// <summary>Verdicts currently cached (for tests and metrics).</summary>
    public int CachedCount => _cache.Count;

    /// <summary>Calls to PSC under way (for tests and metrics).</summary>
    public int InFlightCount => _inFlight.Count;

    public async Task<TokenValidation> ValidateAsync(string accessToken, CancellationToken cancellationToken)
    {
        var result = await ValidateCoreAsync(accessToken, cancellationToken);
        _metrics.Validation(result);
        return result;
    }

    private async Task<TokenValidation> ValidateCoreAsync(string accessToken, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(accessToken);
        }
        catch (ArgumentException)
        {
            return TokenValidation.Refused(TokenProblem.Malformed, "The token is not a JWT.");
        }

        if (!PscDiscovery.SameIssuer(jwt.Issuer, _options.Issuer))
        {
            return TokenValidation.Refused(TokenProblem.WrongIssuer, $"The token was issued by {(jwt.Issuer is { Length: > 0 } i ? i : "nobody")}, not by the configured PSC.");
        }

        if (jwt.ValidTo == DateTime.MinValue)
        {
            return TokenValidation.Refused(TokenProblem.Malformed, "The token has no expiry.");
        }

        var expiry = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expiry + _options.ClockSkew <= _clock.GetUtcNow())
        {
            return TokenValidation.Refused(TokenProblem.Expired, "The token has expired.");
        }

        var key = TokenCache.Key(accessToken);
        if (_cache.TryGet(key, out var cached))
        {
            _metrics.CacheHit();
            return cached;
        }

        // One call to PSC per token, whoever asks meanwhile; the shared call is bounded by the request timeout.
        var tokenAcr = jwt.TryGetPayloadValue<string>("acr", out var acr) ? acr : null;
        var call = _inFlight.GetOrAdd(key, _ => new Lazy<Task<TokenValidation>>(() => AskPscAsync(accessToken, key, expiry, tokenAcr)));
        return await call.Value.WaitAsync(cancellationToken);
    }

    private async Task<TokenValidation> AskPscAsync(string accessToken, string key, DateTimeOffset expiry, string? tokenAcr)
    {
        try
        {
            return await AskAndCacheAsync(accessToken, key, expiry, tokenAcr);
        }
        finally
        {
            // The call leaves the in-flight table itself (after its verdict is cached), even if every waiter gave up.
            _inFlight.TryRemove(key, out _);
        }
    }

    private async Task<TokenValidation> AskAndCacheAsync(string accessToken, string key, DateTimeOffset expiry, string? tokenAcr)
    {
        TokenValidation result;
        try
        {
            var endpoints = await _discovery.GetAsync(CancellationToken.None);
            result = _options.Mode == PscValidationMode.Introspection
                ? await IntrospectAsync(endpoints.Introspection ?? throw new PscUnavailableException(TokenProblem.PscError, "PSC publishes no introspection endpoint."), accessToken, expiry)
                : await UserinfoAsync(endpoints.Userinfo ?? throw new PscUnavailableException(TokenProblem.PscError, "PSC publishes no userinfo endpoint."), accessToken, expiry, tokenAcr);
        }
        catch (PscUnavailableException e)
        {
            result = TokenValidation.Unavailable(e.Problem, e.Message);
        }

        var now = _clock.GetUtcNow();
        if (result.Outcome == TokenOutcome.Valid)
        {
            _cache.Put(key, result, Min(result.Identity!.ExpiresAt, now + _options.MaxCacheTime));
        }
        else if (result.Outcome == TokenOutcome.Refused)
        {
            _cache.Put(key, result, Min(expiry, now + _options.RefusalCacheTime));
        }

        return result;
    }

    private async Task<TokenValidation> IntrospectAsync(Uri endpoint, string accessToken, DateTimeOffset expiry)
    {
        // RFC 6749 §2.3.1: client id and secret form-encoded, then Basic.
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(_options.ClientSecret)}"));
        using var response = await SendAsync("introspection", () => new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", credentials) },
            Content = new FormUrlEncodedContent([new("token", accessToken), new("token_type_hint", "access_token")]),
        });
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new PscUnavailableException(TokenProblem.ClientRejected, "PSC refused the operator's client credentials: check the PSC client configuration.");
        }

        using var claims = await ReadJsonAsync(response);
        if (!claims.RootElement.TryGetProperty("active", out var active) || active.ValueKind != JsonValueKind.True)
        {
            return TokenValidation.Refused(TokenProblem.Inactive, "PSC says the token is not active.");
        }

        return FromClaims(claims.RootElement, expiry, acr: Text(claims.RootElement, "acr"));
    }

    /// <summary>PSC's userinfo carries no acr: the token's own is used, vouched for by PSC accepting the token.</summary>
    private async Task<TokenValidation> UserinfoAsync(Uri endpoint, string accessToken, DateTimeOffset expiry, string? tokenAcr)
    {
        using var response = await SendAsync("userinfo", () => new HttpRequestMessage(HttpMethod.Get, endpoint)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
        });
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return TokenValidation.Refused(TokenProblem.Inactive, "PSC refuses the token at userinfo.");
        }

        using var claims = await ReadJsonAsync(response);
        return FromClaims(claims.RootElement, expiry, acr: Text(claims.RootElement, "acr") ?? tokenAcr);
    }

    private TokenValidation FromClaims(JsonElement claims, DateTimeOffset expiry, string? acr)
    {
        if (_options.RequiredAcr is { } required && !string.Equals(acr, required, StringComparison.Ordinal))
        {
            return TokenValidation.Refused(TokenProblem.WrongAcr, $"The token's acr is {acr ?? "absent"}, not {required}.");
        }

        // spec §13 #4: SubjectNameID, else preferred_username.
        var idNat = Text(claims, "SubjectNameID") ?? Text(claims, "preferred_username");
        if (string.IsNullOrWhiteSpace(idNat))
        {
            return TokenValidation.Refused(TokenProblem.NoIdentity, "PSC gives no SubjectNameID for the token.");
        }

        var expiresAt = claims.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : expiry;
        return TokenValidation.Valid(new PscIdentity(idNat, Text(claims, "sub"), Text(claims, "given_name"), Text(claims, "family_name"), acr, Text(claims, "scope"), expiresAt));
    }

    private async Task<HttpResponseMessage> SendAsync(string endpoint, Func<HttpRequestMessage> request)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await _pipeline.ExecuteAsync(async token => await _http.SendAsync(request(), token), CancellationToken.None);
            if ((int)response.StatusCode >= 500)
            {
                response.Dispose();
                throw new PscUnavailableException(TokenProblem.PscError, $"PSC answered {(int)response.StatusCode} at {endpoint}.");
            }

            return response;
        }
        catch (BrokenCircuitException e)
        {
            throw new PscUnavailableException(TokenProblem.CircuitOpen, "PSC failed repeatedly; calls are suspended for a while.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new PscUnavailableException(TokenProblem.PscTimeout, $"PSC did not answer at {endpoint} within {_options.RequestTimeout.TotalSeconds:0.#} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new PscUnavailableException(TokenProblem.PscUnreachable, $"PSC cannot be reached at {endpoint}: {e.Message}", e);
        }
        finally
        {
            _metrics.Latency(endpoint, clock.Elapsed);
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new PscUnavailableException(TokenProblem.PscError, $"PSC answered {(int)response.StatusCode}.");
        }

        return await BoundedJson.ReadAsync(response, CancellationToken.None);
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
