using System.Net.Http;

namespace OpenMss.Web;

/// <summary>
/// Whether PSC answers now: its discovery document within 3 seconds. Asked before each PSC login, since the login
/// handler keeps PSC's configuration for hours and would send the browser to a PSC that went down meanwhile.
/// </summary>
internal sealed class PscStatus(Uri issuer, HttpMessageHandler handler) : IDisposable
{
    private readonly HttpClient _http = new(handler) { Timeout = TimeSpan.FromSeconds(3) };

    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
