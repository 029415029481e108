using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenMss.Net;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Backup;
using OpenMss.Operator.Telemetry;
using OpenMss.Psc;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// What the IMAP and SMTP fronts share in configuration: the TLS material (<c>Tls:Certificate</c>, <c>Tls:Key</c>),
/// which fronts are on (<c>Psc:Issuer</c> for the PSC front, <c>AuthCli:TrustAnchors</c> for the AUTH_CLI front),
/// the one PSC validator (one cache, one circuit breaker) and the BAL authenticators.
/// </summary>
public static class FrontHosting
{
    /// <summary>The API LPS has no clear-text mode: without TLS material no front starts.</summary>
    public static TlsPolicy? Tls(IConfiguration configuration) =>
        configuration["Tls:Certificate"] is { Length: > 0 } certificate && configuration["Tls:Key"] is { Length: > 0 } key
            ? TlsPolicy.FromPem(certificate, key)
            : null;

    /// <summary>
    /// Puts each front on its Kestrel listener. The front is built on first use, when the host's services (clock,
    /// logs, lifetime) exist.
    /// </summary>
    /// <param name="protocol">"imap" or "smtp", for the session metrics and traces.</param>
    public static void Listen<TFront>(IWebHostBuilder web, string protocol, IReadOnlyList<(FrontKind Kind, IPEndPoint EndPoint)> fronts, Func<FrontKind, IServiceProvider, TFront> create, Func<TFront, ConnectionContext, Task> run) =>
        web.ConfigureKestrel(kestrel =>
        {
            foreach (var (kind, endPoint) in fronts)
            {
                kestrel.Listen(endPoint, listen =>
                {
                    var front = new Lazy<TFront>(() => create(kind, listen.ApplicationServices));
                    listen.Protocols = HttpProtocols.None;
                    listen.Use(_ => context => RunTracedAsync(protocol, kind, () => run(front.Value, context)));
                });
            }
        });

    /// <summary>One session: counted, and the root of the trace its authentication and store writes join.</summary>
    private static async Task RunTracedAsync(string protocol, FrontKind kind, Func<Task> session)
    {
        var front = kind.ToString().ToLowerInvariant();
        KeyValuePair<string, object?>[] tags = [OperatorTelemetry.Tag("protocol", protocol), OperatorTelemetry.Tag("front", front)];
        using var activity = OperatorTelemetry.Source.StartActivity($"{protocol} session", System.Diagnostics.ActivityKind.Server, parentContext: default, tags);
        OperatorTelemetry.Sessions.Add(1, tags);
        OperatorTelemetry.ActiveSessions.Add(1, tags);
        try
        {
            await session();
        }
        finally
        {
            OperatorTelemetry.ActiveSessions.Add(-1, tags);
        }
    }

    /// <summary>The lifetime token that tells sessions the server is stopping.</summary>
    public static CancellationToken Stopping(IServiceProvider services) => services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    public static IReadOnlyList<FrontKind> Kinds(IConfiguration configuration)
    {
        var kinds = new List<FrontKind>();
        if (configuration["Psc:Issuer"] is { Length: > 0 })
        {
            kinds.Add(FrontKind.Psc);
        }

        if (configuration.GetSection("AuthCli:TrustAnchors").Get<string[]>() is { Length: > 0 })
        {
            kinds.Add(FrontKind.AuthCli);
        }

        return kinds;
    }

    public static IFrontAuthenticator Authenticator(FrontKind kind, IServiceProvider services, IConfiguration configuration, IMailStore store)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var journal = services.GetRequiredService<AuthenticationJournal>();
        var backup = BackupOptions.From(configuration);
        return kind == FrontKind.Psc
            ? new FrontAuthenticator(new PscBalAuthenticator(services.GetRequiredService<ITokenValidator>(), store, clock, journal, backup is null ? null : new BackupCredentials(backup, clock), backup?.WebmailAddresses), null)
            : new FrontAuthenticator(null, new CertificateBalAuthenticator(
                ClientCertificateTrust.FromPem(
                    configuration.GetSection("AuthCli:TrustAnchors").Get<string[]>() ?? [],
                    configuration.GetSection("AuthCli:Intermediates").Get<string[]>() ?? [],
                    clock),
                store,
                clock,
                journal));
    }

    /// <summary>The PSC validator the fronts share, when Psc:Issuer is set.</summary>
    public static void AddPsc(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["Psc:Issuer"] is not { Length: > 0 } issuer)
        {
            return;
        }

        var options = new PscOptions
        {
            Issuer = new Uri(issuer),
            ClientId = configuration["Psc:ClientId"] ?? throw new InvalidOperationException("Psc:ClientId is required with Psc:Issuer."),
            ClientSecret = configuration["Psc:ClientSecret"] ?? throw new InvalidOperationException("Psc:ClientSecret is required with Psc:Issuer."),
            Mode = configuration.GetValue("Psc:Mode", PscValidationMode.Introspection),
            MaxCacheTime = configuration.GetValue("Psc:MaxCacheTime", TimeSpan.FromSeconds(10)),
        };
        services.AddSingleton(new PscMetrics());
        services.AddSingleton<ITokenValidator>(provider => new PscTokenValidator(
            options,
            // A sandbox PSC speaks HTTPS with the test PKI's certificate: Psc:TrustedCa names that CA alone.
            configuration["Psc:TrustedCa"] is { Length: > 0 } ca ? new HttpClient(TrustAnchors.HttpHandler(ca)) : new HttpClient(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<PscMetrics>()));
    }
}
