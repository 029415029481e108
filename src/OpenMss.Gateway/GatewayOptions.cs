namespace OpenMss.Gateway;

/// <summary>How the gateway reaches PSC and presents itself (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>PSC's issuer, e.g. <c>https://auth.esante.gouv.fr/auth/realms/esante-wallet</c>.</summary>
    public string Issuer { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>The client secret (<c>client_secret_basic</c>); it never leaves the gateway.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The address installations and PSC reach the gateway at (its redirect and back-channel URIs derive from it).</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>A PEM bundle of CAs to trust for PSC's TLS in place of the system's (a sandbox); empty for production.</summary>
    public string? TrustedCa { get; set; }

    /// <summary>An access token with less than this left is refreshed before it is handed out.</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A session whose access token expired this long ago is refreshed all the same (checked every minute), so that
    /// PSC's SSO session (15 minutes without activity) does not die under an installation that is only idle: with
    /// PSC's 2-minute tokens, at most 11 minutes pass without a refresh.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromMinutes(8);

    /// <summary>How long one call to PSC may take before it is tried again.</summary>
    public TimeSpan PscTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a node looks in the store for sessions another node ended.</summary>
    public TimeSpan EndPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Token and event requests allowed per installation per second (a burst of twice as many).</summary>
    public int RequestsPerSecond { get; set; } = 5;
}
