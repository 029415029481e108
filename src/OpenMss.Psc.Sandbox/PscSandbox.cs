using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Psc.Sandbox.Endpoints;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// A running PSC sandbox: an OpenID Connect provider shaped like Pro Santé Connect (realm esante-wallet, both
/// discovery names, code flow with PKCE, CIBA poll, refresh, introspection, userinfo, logout with back-channel
/// notification), on loopback, over HTTPS when given a certificate (TLS 1.2 and 1.3 only).
/// </summary>
public sealed class PscSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxServices _services;

    private PscSandbox(WebApplication app, SandboxServices services)
    {
        _app = app;
        _services = services;
    }

    public string Issuer => _services.Issuer;

    /// <summary>Scheme, address and port, e.g. https://127.0.0.1:10443.</summary>
    public string BaseAddress => _services.BaseAddress;

    public SandboxDirectory Directory => _services.Directory;

    public FailureMode Failure
    {
        get => _services.Failure;
        set => _services.Failure = value;
    }

    public int Introspections => _services.Introspections;

    public IReadOnlyList<LogoutDelivery> LogoutDeliveries => _services.Logout.Deliveries;

    /// <summary>
    /// A back-channel logout token for a live session and a client, signed as the sandbox signs those it sends, for
    /// tests of a client's logout endpoint (replays, another audience); null when the session is not alive.
    /// </summary>
    public string? LogoutToken(string sessionId, string clientId) =>
        _services.State.LiveSession(sessionId, touch: false) is { } session ? _services.Tokens.LogoutToken(session, clientId) : null;

    public static async Task<PscSandbox> StartAsync(SandboxSettings settings, TimeProvider clock, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.IsLoopback(settings.Address))
        {
            throw new SandboxConfigurationException($"The PSC sandbox listens on loopback only, not {settings.Address}: anyone reaching it can act as any test identity.");
        }

        settings.Directory.Check();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggers is not null)
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(settings.Address, settings.Port, listen =>
        {
            if (settings.Certificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = settings.Certificate,
                    ServerCertificateChain = settings.CertificateChain,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            }
        }));
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        var app = builder.Build();
        var services = new SandboxServices(settings, clock, (loggers ?? app.Services.GetRequiredService<ILoggerFactory>()).CreateLogger("OpenMss.Psc.Sandbox"));
        app.Use(async (context, next) =>
        {
            if (services.Failure == FailureMode.Down && !context.Request.Path.StartsWithSegments(ControlEndpoints.Path, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(context);
        });
        DiscoveryEndpoints.Map(app, services);
        AuthorizeEndpoints.Map(app, services);
        TokenEndpoint.Map(app, services);
        CibaEndpoint.Map(app, services);
        IntrospectionEndpoints.Map(app, services);
        LogoutEndpoint.Map(app, services);
        ControlEndpoints.Map(app, services);
        await app.StartAsync(cancellationToken);

        // The issuer names the address actually bound (a free port was picked when Port is 0).
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = settings.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{settings.Address}]" : settings.Address.ToString();
        services.BaseAddress = $"{bound.Scheme}://{host}:{bound.Port}";
        return new PscSandbox(app, services);
    }

    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _services.Logout.DrainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _services.Dispose();
    }
}
