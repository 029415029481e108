using OpenMss.Psc;
using Microsoft.IdentityModel.Tokens;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Storage;

namespace OpenMss.Gateway;

/// <summary>Where and how the gateway listens, and where it keeps its Data Protection key ring.</summary>
public sealed record GatewayListener(IPEndPoint Endpoint, X509Certificate2 Certificate, X509Certificate2Collection? Chain, string KeyRingDirectory);

/// <summary>Builds <c>openmss gateway</c>: HTTPS only (TLS 1.2 and 1.3), the pairing and session endpoints, a rate per installation.</summary>
public static class GatewayHost
{
    public static WebApplication Build(GatewayOptions options, GatewayListener listener, IMailStore store, TimeProvider clock, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(listener.Endpoint, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = listener.Certificate,
            ServerCertificateChain = listener.Chain,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        })));
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        // The key ring protects PSC's tokens in the store: every node of one gateway shares it, and its directory is
        // readable by the service alone.
        Directory.CreateDirectory(listener.KeyRingDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(listener.KeyRingDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        builder.Services.AddDataProtection().SetApplicationName("OpenMss.Gateway").PersistKeysToFileSystem(new DirectoryInfo(listener.KeyRingDirectory));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(store.GatewaySessions);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<PscClient>();
        builder.Services.AddSingleton<TokenVault>();
        builder.Services.AddSingleton<SessionEndings>();
        builder.Services.AddHostedService(s => s.GetRequiredService<SessionEndings>());
        builder.Services.AddSingleton<GatewaySessions>();
        builder.Services.AddHostedService<SessionKeepAlive>();
        builder.Services.AddSingleton(s =>
        {
            var psc = s.GetRequiredService<PscClient>();
            return new LogoutTokenValidator(psc.Options.Issuer, psc.Options.ClientId, async (_, token) => new JsonWebKeySet(await psc.KeysAsync(token)).GetSigningKeys(), clock);
        });
        builder.Services.AddSingleton<Pairings>();
        builder.Services.AddSingleton(store.Audit);
        builder.Services.AddSingleton<GatewayAudit>();
        builder.Services.AddSingleton(s => new GatewayServices(
            options, store, s.GetRequiredService<PscClient>(), s.GetRequiredService<GatewaySessions>(), s.GetRequiredService<SessionEndings>(),
            s.GetRequiredService<LogoutTokenValidator>(), s.GetRequiredService<Pairings>(), s.GetRequiredService<GatewayAudit>(), clock, s.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Gateway")));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SessionEndpoints.RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Request.Headers[InstallationAuth.InstallationHeader].ToString() is { Length: > 0 and <= 128 } installation ? installation : context.Connection.RemoteIpAddress?.ToString() ?? "-",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerSecond * 2,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });

        var app = builder.Build();
        app.UseRateLimiter();
        var services = app.Services.GetRequiredService<GatewayServices>();
        PairingEndpoints.Map(app, services);
        SessionEndpoints.Map(app, services);
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }
}
