namespace OpenMss.Psc;

/// <summary>How the operator reaches Pro Santé Connect. The issuer decides which PSC is trusted: a sandbox token is
/// never accepted by an operator configured with the production issuer.</summary>
public sealed record PscOptions
{
    /// <summary>e.g. https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet (production).</summary>
    public required Uri Issuer { get; init; }

    /// <summary>The operator's own PSC client, for introspection (HTTP Basic, RFC 7662 §2.1).</summary>
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>Introspection (the default) or userinfo, the configurable alternative.</summary>
    public PscValidationMode Mode { get; init; } = PscValidationMode.Introspection;

    /// <summary>The acr a token must carry (PSC: eidas1); null accepts any.</summary>
    public string? RequiredAcr { get; init; } = "eidas1";

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Results are kept at most this long and never past the token's own expiry. Short, so that a PSC logout is seen
    /// by the next authentication within seconds (docs/decisions.md), while a burst of sessions costs one call.
    /// </summary>
    public TimeSpan MaxCacheTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Refusals are kept briefly, so that a burst with a dead token costs one call.</summary>
    public TimeSpan RefusalCacheTime { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxCacheEntries { get; init; } = 10_000;

    /// <summary>Clock skew tolerated on exp.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Circuit breaker: open after this share of failures among at least <see cref="BreakerMinimumCalls"/> calls in the window.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    public int BreakerMinimumCalls { get; init; } = 5;

    public TimeSpan BreakerWindow { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerOpenTime { get; init; } = TimeSpan.FromSeconds(15);
}

public enum PscValidationMode
{
    Introspection,
    Userinfo,
}
