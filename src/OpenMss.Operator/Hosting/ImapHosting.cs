using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Imap.Server;
using OpenMss.Net;
using OpenMss.Storage;

using OpenMss.Operator.Quota;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The IMAP listeners of the API LPS, from the same configuration as submission: the PSC front on base + 143, the
/// AUTH_CLI front on base + 144 (STARTTLS on both), limits under <c>Imap:Limits</c>.
/// </summary>
public static class ImapHosting
{
    public static IReadOnlyList<(FrontKind Kind, IPEndPoint EndPoint)> Configure(IWebHostBuilder web, IConfiguration configuration, IMailStore store, ListenerPorts ports)
    {
        if (FrontHosting.Tls(configuration) is not { } tls)
        {
            return [];
        }

        var address = IPAddress.Parse(configuration["Imap:Address"] ?? configuration["Submission:Address"] ?? "127.0.0.1");
        var limits = configuration.GetSection("Imap:Limits").Get<ImapSessionLimits>() ?? new ImapSessionLimits();
        var hostName = configuration["Imap:HostName"] ?? configuration["Submission:HostName"] ?? Dns.GetHostName();
        var fronts = FrontHosting.Kinds(configuration).Select(kind => (kind, new IPEndPoint(address, kind == FrontKind.Psc ? ports.ImapPsc : ports.ImapAuthCli))).ToList();
        FrontHosting.Listen(web, "imap", fronts, (kind, services) => new ImapFront(
                kind, hostName, tls, limits, FrontHosting.Authenticator(kind, services, configuration, store), store.Mailboxes, store.Changes,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Imap"))
            {
                Stopping = FrontHosting.Stopping(services),
                Quotas = new BalQuotas(store, QuotaOptions.From(configuration)),
            },
            ImapListener.RunAsync);
        return fronts;
    }
}
