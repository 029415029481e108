using System.Net;
using Duende.IdentityModel.Client;

namespace OpenMss.Gateway;

/// <summary>The gateway's calls to PSC, through Duende.IdentityModel: discovery, CIBA, the code and refresh grants, logout.</summary>
public sealed class PscClient : IDisposable
{
    private readonly GatewayOptions _options;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _discovering = new(1, 1);
    private DiscoveryDocumentResponse? _discovery;

    public PscClient(GatewayOptions options)
    {
        _options = options;
        // A sandbox PSC speaks HTTPS with a test PKI: TrustedCa names that CA alone.
        HttpMessageHandler handler = string.IsNullOrEmpty(options.TrustedCa) ? new SocketsHttpHandler() : OpenMss.Net.TrustAnchors.HttpHandler(options.TrustedCa);
        // Each call is bounded by PscTimeout as it stands when the call starts (CallAsync), not by a fixed HttpClient.Timeout.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public GatewayOptions Options => _options;

    /// <summary>PSC's discovery document (the wallet name first, as PSC publishes it), fetched once.</summary>
    public async Task<DiscoveryDocumentResponse> DiscoveryAsync(CancellationToken cancellationToken)
    {
        if (_discovery is { } known)
        {
            return known;
        }

        await _discovering.WaitAsync(cancellationToken);
        try
        {
            if (_discovery is { } again)
            {
                return again;
            }

            var document = await CallAsync(token => _http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
            {
                Address = _options.Issuer,
                Policy =
                {
                    DiscoveryDocumentPath = ".well-known/wallet-openid-configuration",
                    // PSC's authorization endpoint is on its « wallet » host, not under the issuer.
                    ValidateEndpoints = false,
                },
            }, token), cancellationToken);
            if (document.IsError)
            {
                throw new PscUnavailableException($"PSC's discovery document could not be read: {document.Error}");
            }

            return _discovery = document;
        }
        finally
        {
            _discovering.Release();
        }
    }

    public async Task<BackchannelAuthenticationResponse> StartCibaAsync(string idNat, string? bindingMessage, string channel, CancellationToken cancellationToken)
    {
        var discovery = await DiscoveryAsync(cancellationToken);
        return await CallAsync(token => _http.RequestBackchannelAuthenticationAsync(new BackchannelAuthenticationRequest
        {
            Address = discovery.BackchannelAuthenticationEndpoint,
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
            Scope = "openid scope_all",
            AcrValues = "eidas1",
            LoginHint = idNat,
            BindingMessage = bindingMessage,
            Parameters = { { "channel", channel } },
        }, token), cancellationToken);
    }

    public async Task<TokenResponse> PollCibaAsync(string authReqId, CancellationToken cancellationToken)
    {
        var discovery = await DiscoveryAsync(cancellationToken);
        return await CallAsync(token => _http.RequestBackchannelAuthenticationTokenAsync(new BackchannelAuthenticationTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
            AuthenticationRequestId = authReqId,
        }, token), cancellationToken);
    }

    public async Task<TokenResponse> RedeemCodeAsync(string code, string redirectUri, string verifier, CancellationToken cancellationToken)
    {
        var discovery = await DiscoveryAsync(cancellationToken);
        return await CallAsync(token => _http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = verifier,
        }, token), cancellationToken);
    }

    public async Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var discovery = await DiscoveryAsync(cancellationToken);
        return await CallAsync(token => _http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = _options.ClientId,
            ClientSecret = _options.ClientSecret,
            RefreshToken = refreshToken,
        }, token), cancellationToken);
    }

    /// <summary>Ends the PSC session as an intermediate server does on an explicit disconnect: a POST with its refresh token.</summary>
    public async Task<bool> LogoutAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var discovery = await DiscoveryAsync(cancellationToken);
        return await CallAsync(async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, discovery.EndSessionEndpoint)
            {
                Content = new FormUrlEncodedContent([new("client_id", _options.ClientId), new("client_secret", _options.ClientSecret), new("refresh_token", refreshToken)]),
            };
            using var response = await _http.SendAsync(request, token);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Found;
        }, cancellationToken);
    }

    /// <summary>The JWKS document's text, for validating logout and ID tokens.</summary>
    public async Task<string> KeysAsync(CancellationToken cancellationToken)
    {
        var discovery = await DiscoveryAsync(cancellationToken);
        return await CallAsync(token => _http.GetStringAsync(new Uri(discovery.JwksUri!), token), cancellationToken);
    }

    /// <summary>A call that timed out or could not connect is PSC being unavailable (the caller may try again), not a bug.</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.PscTimeout);
        try
        {
            return await call(bounded.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PscUnavailableException($"PSC did not answer: {e.GetType().Name}.", e);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _discovering.Dispose();
    }
}

/// <summary>PSC could not be reached or answered nonsense: the gateway answers 503 and tries again later.</summary>
public sealed class PscUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
