using OpenMss.Psc;
using Microsoft.Extensions.Logging;
using OpenMss.Storage;

namespace OpenMss.Gateway;

/// <summary>What the gateway's endpoints share.</summary>
public sealed class GatewayServices(GatewayOptions options, IMailStore store, PscClient psc, GatewaySessions sessions, SessionEndings endings, LogoutTokenValidator logoutTokens, Pairings pairings, GatewayAudit audit, TimeProvider clock, ILogger logger)
{
    public GatewayOptions Options => options;

    public IMailStore Store => store;

    public PscClient Psc => psc;

    public GatewaySessions Sessions => sessions;

    public SessionEndings Endings => endings;

    public LogoutTokenValidator LogoutTokens => logoutTokens;

    public Pairings Pairings => pairings;

    public GatewayAudit Audit => audit;

    public TimeProvider Clock => clock;

    public ILogger Logger => logger;

    public string PublicUrl => options.PublicUrl.TrimEnd('/');

    /// <summary>Where PSC sends the browser back (registered with PSC as the client's redirect URI).</summary>
    public string RedirectUri => PublicUrl + "/callback";
}
