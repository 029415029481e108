using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Net;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Mta;
using OpenMss.Operator.Whitelist;
using OpenMss.Smtp.Server;
using OpenMss.Storage;

using OpenMss.Operator.Quota;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The inter-operator MTA from configuration: with its certificate (<c>Mta:Certificate</c>/<c>Mta:Key</c>, else
/// <c>Tls:*</c>) and <c>Mta:TrustAnchors</c>, the inbound listener
/// (<c>Mta:Address</c>, port base + 25 or <c>Mta:Port</c>) and the outbound queue workers; with
/// <c>Whitelist:Source</c>, the periodic whitelist refresh. See docs/mta.md.
/// </summary>
public static class MtaHosting
{
    public static IPEndPoint? Configure(IWebHostBuilder web, IServiceCollection services, IConfiguration configuration, IMailStore store, ListenerPorts ports, TrustedPeers peers)
    {
        if (configuration["Whitelist:Source"] is { Length: > 0 })
        {
            services.AddHostedService(provider => new WhitelistRefresh(
                new WhitelistImport(store, WhitelistHttp(configuration), provider.GetRequiredService<TimeProvider>()),
                peers,
                configuration["Whitelist:Source"]!,
                configuration["Whitelist:Checksum"],
                configuration.GetValue("Whitelist:RefreshInterval", TimeSpan.FromHours(6)),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Whitelist")));
        }

        var options = configuration.GetSection("Mta").Get<MtaOptions>() ?? new MtaOptions();
        if (Certificate(configuration) is not { } material || options.TrustAnchors.Length == 0)
        {
            return null;
        }

        var tls = TlsPolicy.FromPem(material.Certificate, material.Key);

        var hostName = options.HostName ?? Dns.GetHostName();
        var limits = configuration.GetSection("Mta:Limits").Get<SubmissionLimits>() ?? new SubmissionLimits();
        if (configuration["Mta:Limits:MaxConnectionsPerAddress"] is null)
        {
            // A peer's nodes may all leave by one address (NAT), each with up to 20 sessions to us: Postfix's
            // smtpd_client_connection_count_limit of 50, not the submission fronts' 20 (docs/decisions.md).
            limits = limits with { MaxConnectionsPerAddress = 50 };
        }

        var endPoint = new IPEndPoint(IPAddress.Parse(options.Address), options.Port ?? ports.Mta);
        CertificateChain Chain(IServiceProvider provider) => CertificateChain.FromPem(options.TrustAnchors, options.Intermediates, provider.GetRequiredService<TimeProvider>());

        FrontHosting.Listen(web, "smtp", [(FrontKind.Mta, endPoint)], (kind, provider) => new SubmissionFront(
                kind, hostName, tls, limits, NoSaslAuthentication.Instance, new RelayPolicy(store, new BalQuotas(store, QuotaOptions.From(configuration)), peers, Chain(provider)),
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Mta"))
            {
                Stopping = FrontHosting.Stopping(provider),
            },
            SubmissionListener.RunAsync);

        services.AddHostedService(provider =>
        {
            var clock = provider.GetRequiredService<TimeProvider>();
            var connector = new PeerConnector(options, ClientCertificate(material.Certificate, material.Key), Chain(provider), peers, hostName);
            var dns = options.Dns is { Length: > 0 } server ? IPEndPoint.Parse(server) : null;
            return new OutboundDelivery(store, peers, options, connector, new MxResolver(dns, TimeSpan.FromSeconds(5)), hostName, clock, provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Mta"));
        });
        return endPoint;
    }

    /// <summary>
    /// The MTA's IGC Santé server certificate (PEM): Mta:Certificate and Mta:Key, else the fronts' Tls:Certificate and
    /// Tls:Key. It is the one whose DN the whitelist lists; the MTA also presents it as client certificate (spec §10).
    /// </summary>
    private static (string Certificate, string Key)? Certificate(IConfiguration configuration) =>
        configuration["Mta:Certificate"] is { Length: > 0 } certificate && configuration["Mta:Key"] is { Length: > 0 } key ? (certificate, key)
        : configuration["Tls:Certificate"] is { Length: > 0 } front && configuration["Tls:Key"] is { Length: > 0 } frontKey ? (front, frontKey)
        : null;

    /// <summary>ANS serves the whitelist with an IGC Santé chain: Whitelist:TrustedCa names the CA to trust for it.</summary>
    private static HttpClient WhitelistHttp(IConfiguration configuration) =>
        configuration["Whitelist:TrustedCa"] is { Length: > 0 } ca ? new HttpClient(OpenMss.Net.TrustAnchors.HttpHandler(ca)) : new HttpClient();

    /// <summary>The MTA's certificate with the intermediates that follow it in its PEM file, sent whole to peers.</summary>
    private static System.Net.Security.SslStreamCertificateContext ClientCertificate(string certificateFile, string keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificateFile);
        chain.RemoveAt(0);
        return System.Net.Security.SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>The MTA front takes no AUTH (the gate answers 502 before asking): whatever reaches here is refused.</summary>
    private sealed class NoSaslAuthentication : IFrontAuthenticator
    {
        public static readonly NoSaslAuthentication Instance = new();

        public Task<FrontIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, IPAddress? remote, CancellationToken cancellationToken) =>
            Task.FromResult(new FrontIdentity(FrontVerdict.Failed, null, "no AUTH between operators"));

        public Task<FrontIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
            Task.FromResult(new FrontIdentity(FrontVerdict.Failed, null, "no AUTH between operators"));
    }
}
