using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMss.Net;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Submission;
using OpenMss.Pki;
using OpenMss.Psc;
using OpenMss.Smtp.Server;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The SMTP submission listeners of the API LPS, from configuration: <c>Tls:Certificate</c> and <c>Tls:Key</c> (PEM)
/// turn them on; <c>Psc:*</c> enables the PSC front (port base + 587), <c>AuthCli:TrustAnchors</c> the AUTH_CLI front
/// (base + 588). Without TLS material no submission listener starts: the API LPS has no clear-text mode.
/// </summary>
public static class SubmissionHosting
{
    public static IReadOnlyList<(FrontKind Kind, IPEndPoint EndPoint)> Configure(IWebHostBuilder web, IConfiguration configuration, IMailStore store, ListenerPorts ports)
    {
        if (configuration["Tls:Certificate"] is not { Length: > 0 } certificate || configuration["Tls:Key"] is not { Length: > 0 } key)
        {
            return [];
        }

        var tls = TlsPolicy.FromPem(certificate, key);
        var address = IPAddress.Parse(configuration["Submission:Address"] ?? "127.0.0.1");
        var limits = configuration.GetSection("Submission:Limits").Get<SubmissionLimits>() ?? new SubmissionLimits();
        var trustSpace = configuration.GetSection("Submission:TrustSpace").Get<string[]>() is { Length: > 0 } entries ? new TrustSpace(entries) : TrustSpace.Default;
        var hostName = configuration["Submission:HostName"] ?? Dns.GetHostName();
        var policy = new SubmissionPolicy(store, trustSpace, limits.MaxMessageSize);
        var fronts = new List<(FrontKind, IPEndPoint)>();
        if (configuration["Psc:Issuer"] is { Length: > 0 })
        {
            fronts.Add((FrontKind.Psc, new IPEndPoint(address, ports.SubmissionPsc)));
        }

        if (configuration.GetSection("AuthCli:TrustAnchors").Get<string[]>() is { Length: > 0 })
        {
            fronts.Add((FrontKind.AuthCli, new IPEndPoint(address, ports.SubmissionAuthCli)));
        }

        web.ConfigureKestrel(kestrel =>
        {
            foreach (var (kind, endPoint) in fronts)
            {
                kestrel.Listen(endPoint, listen =>
                {
                    // Built on first use, when the host's services (clock, logs, lifetime) exist.
                    var front = new Lazy<SubmissionFront>(() => Front(kind, listen.ApplicationServices, configuration, store, tls, limits, hostName, policy));
                    listen.Protocols = HttpProtocols.None;
                    listen.Use(_ => context => SubmissionListener.RunAsync(front.Value, context));
                });
            }
        });
        return fronts;
    }

    private static SubmissionFront Front(FrontKind kind, IServiceProvider services, IConfiguration configuration, IMailStore store, TlsPolicy tls, SubmissionLimits limits, string hostName, SubmissionPolicy policy)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var authenticator = kind == FrontKind.Psc
            ? new FrontAuthenticator(new PscBalAuthenticator(services.GetRequiredService<ITokenValidator>(), store, clock), null)
            : new FrontAuthenticator(null, new CertificateBalAuthenticator(
                ClientCertificateTrust.FromPem(
                    configuration.GetSection("AuthCli:TrustAnchors").Get<string[]>() ?? [],
                    configuration.GetSection("AuthCli:Intermediates").Get<string[]>() ?? [],
                    clock),
                store,
                clock));
        return new SubmissionFront(kind, hostName, tls, limits, authenticator, policy, clock, services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Smtp"))
        {
            Stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
        };
    }

    /// <summary>The PSC validator the fronts share (one cache, one circuit breaker), when Psc:Issuer is set.</summary>
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
