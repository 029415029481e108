using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Net;
using OpenMss.Operator.Submission;
using OpenMss.Smtp.Server;
using OpenMss.Storage;

using OpenMss.Operator.Quota;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The SMTP submission listeners of the API LPS, from configuration: <c>Tls:Certificate</c> and <c>Tls:Key</c> (PEM)
/// turn them on; <c>Psc:*</c> enables the PSC front (port base + 587), <c>AuthCli:TrustAnchors</c> the AUTH_CLI front
/// (base + 588). Without TLS material no submission listener starts: the API LPS has no clear-text mode.
/// </summary>
public static class SubmissionHosting
{
    public static IReadOnlyList<(FrontKind Kind, IPEndPoint EndPoint)> Configure(IWebHostBuilder web, IConfiguration configuration, IMailStore store, ListenerPorts ports, Whitelist.TrustedPeers peers)
    {
        if (FrontHosting.Tls(configuration) is not { } tls)
        {
            return [];
        }

        var address = IPAddress.Parse(configuration["Submission:Address"] ?? "127.0.0.1");
        var limits = configuration.GetSection("Submission:Limits").Get<SubmissionLimits>() ?? new SubmissionLimits();
        var trustSpace = configuration.GetSection("Submission:TrustSpace").Get<string[]>() is { Length: > 0 } entries ? new TrustSpace(entries, peers) : new TrustSpace(TrustSpace.DefaultEntries, peers);
        var hostName = configuration["Submission:HostName"] ?? Dns.GetHostName();
        var policy = new SubmissionPolicy(store, new BalQuotas(store, QuotaOptions.From(configuration)), trustSpace, limits.MaxMessageSize);
        var fronts = FrontHosting.Kinds(configuration).Select(kind => (kind, new IPEndPoint(address, kind == FrontKind.Psc ? ports.SubmissionPsc : ports.SubmissionAuthCli))).ToList();
        FrontHosting.Listen(web, "smtp", fronts, (kind, services) => new SubmissionFront(
                kind, hostName, tls, limits, FrontHosting.Authenticator(kind, services, configuration, store), policy,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Smtp"))
            {
                Stopping = FrontHosting.Stopping(services),
            },
            SubmissionListener.RunAsync);
        return fronts;
    }
}
