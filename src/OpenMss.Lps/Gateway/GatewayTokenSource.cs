using System.Net;
using System.Text.Json;

namespace OpenMss.Lps.Gateway;

/// <summary>
/// Access tokens from the intermediate server, for a paired session: asked for whenever the SDK needs one, kept in
/// memory only. It listens to the gateway's events from its creation and ends the PSC session (closing every
/// IMAP and SMTP session opened with it, ECO.1.2.6) the moment the gateway says the session ended.
/// </summary>
public sealed class GatewayTokenSource : PscTokenSource, IDisposable
{
    private readonly MssGateway _gateway;
    private readonly MssGatewaySession _session;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;
    private readonly TaskCompletionSource<bool> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal GatewayTokenSource(MssGateway gateway, MssGatewaySession session)
    {
        _gateway = gateway;
        _session = session;
        _listening = Task.Run(ListenAsync);
    }

    /// <summary>Completes once the gateway's event stream is open: from then on, the end of the session is heard at once.</summary>
    public Task Listening => _open.Task;

    /// <summary>Why the session ended, once it has.</summary>
    public string? EndReason { get; private set; }

    /// <inheritdoc/>
    protected override async Task<PscAccessToken> FetchAsync(bool refresh, CancellationToken cancellationToken)
    {
        using var response = await _gateway.SendAsync(HttpMethod.Get, "token", _session, cancellationToken).ConfigureAwait(false);
        var body = await MssGateway.ReadJsonAsync(response).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                var seconds = body.GetProperty("expires_in").GetInt64();
                return new PscAccessToken(body.GetProperty("access_token").GetString()!, Time.GetUtcNow().AddSeconds(seconds));
            case HttpStatusCode.Gone or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                EndReason ??= body.ValueKind == JsonValueKind.Object && body.TryGetProperty("reason", out var reason) ? reason.GetString() : response.StatusCode.ToString();
                throw new MssPscSessionEndedException($"The gateway session ended ({EndReason}): the professional must sign in again with Pro Santé Connect.");
            default:
                throw new MssUnavailableException($"The gateway could not give an access token now ({(int)response.StatusCode}); try again shortly.", null);
        }
    }

    /// <summary>Server-sent events from the gateway; a dropped stream is opened again (after 1 s, then up to 30 s apart) until the session ends.</summary>
    private async Task ListenAsync()
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested && !IsEnded)
        {
            try
            {
                using var response = await _gateway.SendAsync(HttpMethod.Get, "events", _session, _stop.Token, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Gone or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    End(response.StatusCode.ToString());
                    return;
                }

                if (response.IsSuccessStatusCode)
                {
                    pause = TimeSpan.FromSeconds(1);
                    using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    using var reader = new StreamReader(stream);
                    string? line;
                    var ended = false;
                    while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) is not null)
                    {
                        if (line == ": open")
                        {
                            _open.TrySetResult(true);
                        }
                        else if (line == "event: ended")
                        {
                            ended = true;
                        }
                        else if (ended && line.StartsWith("data:", StringComparison.Ordinal))
                        {
                            End(JsonDocument.Parse(line.Substring(5)).RootElement.GetProperty("reason").GetString() ?? "ended");
                            return;
                        }
                    }
                }
            }
            catch (Exception e) when (e is MssUnavailableException or IOException or HttpRequestException or JsonException || (e is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                // Gateway away or stream cut: listen again shortly.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(pause, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private void End(string reason)
    {
        EndReason ??= reason;
        EndSession();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listening.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // It ended on the cancellation asked for.
        }

        _stop.Dispose();
    }
}
