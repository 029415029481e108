using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenMss.Pki;

namespace OpenMss.Sandbox;

/// <summary>
/// Publishes the sandbox PKI's CRL over plain HTTP, as IGC Santé publishes its own (a CRL is signed, so it needs no
/// TLS, and fetching it over TLS would need revocation checking itself). Its URL is the distribution point of the
/// sandbox's server certificates.
/// </summary>
public sealed class SandboxCrlServer : IAsyncDisposable
{
    public const string Path = "/crl/server-ca.crl";
    private readonly WebApplication _app;

    private SandboxCrlServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The URL of the servers intermediate's CRL.</summary>
    public string Url { get; }

    public static string UrlFor(int port) => $"http://127.0.0.1:{port}{Path}";

    public static async Task<SandboxCrlServer> StartAsync(TestPkiLayout pki, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet(Path, () => Results.File(TestPkiServers.CrlPath(pki), "application/pkix-crl"));
        await app.StartAsync(cancellationToken);
        return new SandboxCrlServer(app, UrlFor(port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
