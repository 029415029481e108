using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// Drives a running sandbox over HTTP, for scripts and tests: the CIBA flow as an LPS intermediate server runs it,
/// and the tester's actions (approve, refuse, failure mode, key rotation).
/// </summary>
public sealed class PscSandboxClient(HttpClient http, string baseAddress)
{
    private readonly string _base = baseAddress.TrimEnd('/');

    public string Issuer => _base + SandboxServices.RealmPath;

    /// <summary>A client for the sandbox whose issuer this is (as sandbox.json gives it).</summary>
    public static PscSandboxClient ForIssuer(HttpClient http, string issuer) =>
        issuer.EndsWith(SandboxServices.RealmPath, StringComparison.Ordinal)
            ? new PscSandboxClient(http, issuer[..^SandboxServices.RealmPath.Length])
            : throw new SandboxClientException("issuer", $"{issuer} is not the issuer of a PSC sandbox (it must end with {SandboxServices.RealmPath}).");

    public Uri Endpoint(string path) => new(_base + SandboxServices.ProtocolPath + path);

    /// <summary>A fresh access token for a test identity: CIBA request, approval by the sandbox, poll.</summary>
    public async Task<string> AccessTokenAsync(string idNat, string clientId, string secret, CancellationToken cancellationToken = default)
    {
        var tokens = await CibaTokensAsync(idNat, clientId, secret, approve: true, cancellationToken);
        return tokens.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The whole CIBA exchange; the token response on success, else a <see cref="SandboxClientException"/> naming the OAuth error.</summary>
    public async Task<JsonDocument> CibaTokensAsync(string idNat, string clientId, string secret, bool approve, CancellationToken cancellationToken = default)
    {
        var (id, interval) = await RequestCibaAsync(clientId, secret, idNat, "42", "MOBILE", cancellationToken);
        await DecideAsync(id, approve, cancellationToken);
        while (true)
        {
            var (status, body) = await PostAsync(Endpoint("/token"), clientId, secret, [new("grant_type", "urn:openid:params:grant-type:ciba"), new("auth_req_id", id)], cancellationToken);
            if (status == HttpStatusCode.OK)
            {
                return body;
            }

            var error = Error(body);
            body.Dispose();
            if (error is not ("authorization_pending" or "slow_down"))
            {
                throw new SandboxClientException(error, $"The sandbox refused the CIBA poll: {error}.");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    public async Task<(string AuthReqId, TimeSpan Interval)> RequestCibaAsync(string clientId, string secret, string idNat, string? bindingMessage, string channel, CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, string>> form = [new("scope", "openid scope_all"), new("acr_values", "eidas1"), new("login_hint", idNat), new("channel", channel)];
        if (bindingMessage is not null)
        {
            form.Add(new("binding_message", bindingMessage));
        }

        var (status, body) = await PostAsync(Endpoint("/ext/ciba/auth"), clientId, secret, form, cancellationToken);
        using (body)
        {
            if (status != HttpStatusCode.OK)
            {
                var error = Error(body);
                throw new SandboxClientException(error, error == "unknown_user_id"
                    ? $"The sandbox has no test identity {idNat}."
                    : $"The sandbox refused the CIBA request: {error}.");
            }

            var root = body.RootElement;
            return (root.GetProperty("auth_req_id").GetString()!, TimeSpan.FromSeconds(Math.Max(root.GetProperty("interval").GetInt32(), 0)));
        }
    }

    public Task DecideAsync(string authReqId, bool approve, CancellationToken cancellationToken = default) =>
        ControlAsync($"/ciba/{Uri.EscapeDataString(authReqId)}/{(approve ? "approve" : "refuse")}", cancellationToken);

    public Task SetFailureAsync(FailureMode mode, CancellationToken cancellationToken = default) =>
        ControlAsync($"/failure/{mode}", cancellationToken);

    public Task RotateKeysAsync(CancellationToken cancellationToken = default) => ControlAsync("/keys/rotate", cancellationToken);

    /// <summary>Logs a session out as the professional would at PSC: its tokens die and back-channel logouts go out.</summary>
    public Task EndSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ControlAsync($"/sessions/{Uri.EscapeDataString(sessionId)}/logout", cancellationToken);

    public async Task<JsonDocument> StateAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri(_base + "/sandbox/state"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }

    /// <summary>A form POST with client_secret_basic; the JSON answer and its status.</summary>
    public async Task<(HttpStatusCode Status, JsonDocument Body)> PostAsync(Uri endpoint, string clientId, string secret, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(form),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}"))) },
        };
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return (response.StatusCode, body);
    }

    private async Task ControlAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(_base + "/sandbox" + path), content: null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var sentence = problem.TryGetProperty("error", out var e) ? e.GetString() : $"HTTP {(int)response.StatusCode}";
            throw new SandboxClientException("control", $"The sandbox refused: {sentence}");
        }
    }

    private static string Error(JsonDocument body) =>
        body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? "?" : "?";
}

/// <summary>The sandbox said no; <see cref="Error"/> is the OAuth error code.</summary>
public sealed class SandboxClientException(string error, string message) : Exception(message)
{
    public string Error { get; } = error;
}
