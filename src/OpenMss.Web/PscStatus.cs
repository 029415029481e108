using System.Net.Http;

namespace OpenMss.Web;

/// <summary>
/// Whether PSC answers now: its discovery document within 3 seconds. Asked before each PSC login, since the login
/// handler keeps PSC's configuration for hours and would send the browser to a PSC that went down meanwhile. A "down"
/// is remembered for <see cref="DownMemory"/>, so that the backup login's posts during an outage do not each wait
/// for a PSC that does not answer; an "up" is not, so an outage shows at once.
/// </summary>
internal sealed class PscStatus(Uri issuer, HttpMessageHandler handler, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan DownMemory = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new(handler) { Timeout = TimeSpan.FromSeconds(3) };
    private long _downUntilTicks;

    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntilTicks))
        {
            return false;
        }

        try
        {
            using var response = await _http.GetAsync(new Uri(issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration"), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // no answer within the bound: down
        }

        Interlocked.Exchange(ref _downUntilTicks, (clock.GetUtcNow() + DownMemory).UtcTicks);
        return false;
    }

    public void Dispose() => _http.Dispose();
}
