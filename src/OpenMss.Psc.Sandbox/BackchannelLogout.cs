using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: when a session ends by logout, each client that took part in it and
/// registered a back-channel URI receives a signed logout token by POST. Delivery runs in the background with a
/// 5-second timeout and is recorded, not retried.
/// </summary>
internal sealed partial class BackchannelLogout(TokenIssuer tokens, SandboxDirectory directory, ILogger logger, X509Certificate2Collection? roots = null) : IDisposable
{
    private readonly HttpClient _http = new(Handler(roots)) { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The system's trust, or only <paramref name="roots"/> (a client on the sandbox's own test PKI).</summary>
    private static SocketsHttpHandler Handler(X509Certificate2Collection? roots)
    {
        var handler = new SocketsHttpHandler();
        if (roots is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, presented, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (presented is not null)
                {
                    foreach (var element in presented.ChainElements)
                    {
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate); // the intermediates the endpoint sent
                    }
                }

                using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return chain.Build(leaf);
            };
        }

        return handler;
    }
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
