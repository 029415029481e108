using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps.Gateway;

/// <summary>
/// The editor's intermediate server (<c>openmss gateway</c>) as a thick client sees it: pair an installation with
/// a professional's PSC session (CIBA, or the browser), then take access tokens from it through
/// <see cref="GatewayTokenSource"/>, which also hears the end of the PSC session and closes the SDK's sessions (ECO.1.2.6).
/// The client secret and the refresh tokens stay on the gateway.
/// </summary>
public sealed class MssGateway : IDisposable
{
    /// <summary>The header naming the installation a handle is bound to.</summary>
    public const string InstallationHeader = "OpenMSS-Installation";

    private readonly HttpClient _http;
    private readonly Uri _gateway;

    /// <param name="gateway">The gateway's address.</param>
    /// <param name="trust">Roots to trust for the gateway's HTTPS in place of the system's (a sandbox's CA); null for the system's.</param>
    public MssGateway(Uri gateway, MssTrustOptions? trust = null)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        var handler = new HttpClientHandler();
        if (trust is not null)
        {
            handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                new ServerCertificateCheck(trust, TimeProvider.System).Validate(message, certificate, chain, errors);
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Pairs with CIBA: the professional <paramref name="idNat"/> approves on the e-CPS app (or a card); returns once
    /// approved. <paramref name="bindingMessage"/> (two digits) is shown on both sides so the professional knows it is this request.
    /// </summary>
    /// <exception cref="MssPscSessionEndedException">The professional refused, or did not answer in time.</exception>
    public async Task<MssGatewaySession> PairWithCibaAsync(string installation, string idNat, string? bindingMessage = null, CancellationToken cancellationToken = default)
    {
        var started = await PostJsonAsync("pair/ciba", new Dictionary<string, string?> { ["installation"] = installation, ["idNat"] = idNat, ["bindingMessage"] = bindingMessage }, cancellationToken).ConfigureAwait(false);
        return await WaitForPairingAsync(installation, started.GetProperty("pairing").GetString()!, TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a browser pairing: open <c>Login</c> in the professional's browser, then <see cref="WaitForPairingAsync"/>.</summary>
    public async Task<(string Pairing, Uri Login)> StartBrowserPairingAsync(string installation, CancellationToken cancellationToken = default)
    {
        var started = await PostJsonAsync("pair/browser", new Dictionary<string, string?> { ["installation"] = installation }, cancellationToken).ConfigureAwait(false);
        return (started.GetProperty("pairing").GetString()!, new Uri(started.GetProperty("login").GetString()!));
    }

    /// <summary>Waits until the pairing is done and collects the session (the handle is given once).</summary>
    /// <exception cref="MssPscSessionEndedException">The professional refused, the pairing expired or failed.</exception>
    public async Task<MssGatewaySession> WaitForPairingAsync(string installation, string pairing, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway, "pair/" + Uri.EscapeDataString(pairing)));
            request.Headers.Add(InstallationHeader, installation);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await ReadJsonAsync(response).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return new MssGatewaySession(_gateway, installation, body.GetProperty("handle").GetString()!, body.GetProperty("idNat").GetString() ?? "");
            }

            if (response.StatusCode != HttpStatusCode.Accepted && (int)response.StatusCode != 429)
            {
                var status = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var s) ? s.GetString() : response.StatusCode.ToString();
                throw new MssPscSessionEndedException($"The pairing with the gateway did not complete: {status}.");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new MssPscSessionEndedException("The pairing with the gateway did not complete in time.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The token source of a paired session: give it to <see cref="MssClient.OpenPsc"/>. Dispose it to stop listening.</summary>
    public GatewayTokenSource TokenSource(MssGatewaySession session) => new(this, session);

    /// <summary>Logs the professional out: the gateway ends its session and PSC's, and every installation holding it hears so.</summary>
    public async Task LogoutAsync(MssGatewaySession session, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "logout", session, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Gone)
        {
            throw new MssUnavailableException($"The gateway did not log out ({(int)response.StatusCode}).", null);
        }
    }

    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, MssGatewaySession session, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, new Uri(_gateway, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Handle);
        request.Headers.Add(InstallationHeader, session.Installation);
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new MssUnavailableException($"The gateway cannot be reached: {e.Message}", null, e);
        }
    }

    internal HttpClient Http => _http;

    internal static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private async Task<JsonElement> PostJsonAsync(string path, Dictionary<string, string?> body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(new Uri(_gateway, path), content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new MssUnavailableException($"The gateway cannot be reached: {e.Message}", null, e);
        }

        using (response)
        {
            var json = await ReadJsonAsync(response).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                var description = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error_description", out var d) ? d.GetString() : response.StatusCode.ToString();
                throw new MssConfigurationException($"The gateway refused to pair: {description}", null);
            }

            return json;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
