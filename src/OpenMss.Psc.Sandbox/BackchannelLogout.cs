using Microsoft.Extensions.Logging;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: when a session ends by logout, each client that took part in it and
/// registered a back-channel URI receives a signed logout token by POST. Delivery runs in the background with a
/// 5-second timeout and is recorded, not retried.
/// </summary>
internal sealed partial class BackchannelLogout(TokenIssuer tokens, SandboxDirectory directory, ILogger logger) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<Task> _deliveries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<LogoutDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _recorded];
            }
        }
    }

    private readonly List<LogoutDelivery> _recorded = [];

    public void Notify(SsoSession session)
    {
        foreach (var client in session.Clients.Select(directory.FindClient).OfType<TestClient>().Where(c => c.BackchannelLogoutUri is not null))
        {
            var task = DeliverAsync(client, tokens.LogoutToken(session, client.ClientId));
            lock (_gate)
            {
                _deliveries.RemoveAll(t => t.IsCompleted);
                _deliveries.Add(task);
            }
        }
    }

    /// <summary>Waits for deliveries under way (at stop).</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_deliveries);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task DeliverAsync(TestClient client, string logoutToken)
    {
        int? status = null;
        try
        {
            using var response = await _http.PostAsync(new Uri(client.BackchannelLogoutUri!), new FormUrlEncodedContent([new("logout_token", logoutToken)]));
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogFailed(logger, client.ClientId, e.Message);
        }

        lock (_gate)
        {
            _recorded.Add(new LogoutDelivery(client.ClientId, status));
            if (_recorded.Count > 1000)
            {
                _recorded.RemoveAt(0);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Back-channel logout to client {ClientId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string clientId, string reason);
}

/// <summary>One back-channel logout delivery: the client and the HTTP status it answered (null: no answer).</summary>
public sealed record LogoutDelivery(string ClientId, int? Status);
