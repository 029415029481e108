using System.Net;
using System.Text.Json;

namespace OpenMss.Psc;

/// <summary>
/// The issuer's metadata: PSC publishes <c>/.well-known/wallet-openid-configuration</c>; the standard
/// <c>/.well-known/openid-configuration</c> is read when the first is absent. The document must name the configured
/// issuer. Kept for an hour; fetched again after a failure.
/// </summary>
internal sealed class PscDiscovery(PscOptions options, HttpClient http, TimeProvider clock) : IDisposable
{
    public const string WalletPath = ".well-known/wallet-openid-configuration";
    public const string StandardPath = ".well-known/openid-configuration";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (PscEndpoints Endpoints, DateTimeOffset Until)? _cached;

    public void Dispose() => _gate.Dispose();

    public async Task<PscEndpoints> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && cached.Until > clock.GetUtcNow())
        {
            return cached.Endpoints;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.Until > clock.GetUtcNow())
            {
                return again.Endpoints;
            }

            var endpoints = await FetchAsync(WalletPath, cancellationToken) ?? await FetchAsync(StandardPath, cancellationToken)
                ?? throw new PscUnavailableException(TokenProblem.PscError, $"{options.Issuer} publishes no discovery document.");
            _cached = (endpoints, clock.GetUtcNow() + Lifetime);
            return endpoints;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PscEndpoints?> FetchAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(WithSlash(options.Issuer), path), timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new PscUnavailableException(TokenProblem.PscUnreachable, $"PSC discovery failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PscUnavailableException(TokenProblem.PscTimeout, "PSC discovery timed out.", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new PscUnavailableException(TokenProblem.PscError, $"PSC discovery answered {(int)response.StatusCode}.");
            }

            using var document = await BoundedJson.ReadAsync(response, cancellationToken);
            var root = document.RootElement;
            var issuer = root.TryGetProperty("issuer", out var i) ? i.GetString() : null;
            if (!SameIssuer(issuer, options.Issuer))
            {
                throw new PscUnavailableException(TokenProblem.PscError, $"The discovery document names the issuer {issuer}, not {options.Issuer}.");
            }

            return new PscEndpoints(Endpoint(root, "introspection_endpoint"), Endpoint(root, "userinfo_endpoint"));
        }
    }

    private static Uri? Endpoint(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) ? uri : null;

    internal static bool SameIssuer(string? issuer, Uri configured) =>
        issuer is not null && string.Equals(issuer.TrimEnd('/'), configured.ToString().TrimEnd('/'), StringComparison.Ordinal);

    private static Uri WithSlash(Uri issuer) => issuer.ToString().EndsWith('/') ? issuer : new Uri(issuer + "/");
}

internal sealed record PscEndpoints(Uri? Introspection, Uri? Userinfo);

/// <summary>PSC could not give an answer (as opposed to answering no).</summary>
internal sealed class PscUnavailableException(TokenProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public TokenProblem Problem { get; } = problem;
}
