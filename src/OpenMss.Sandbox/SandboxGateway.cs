using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using OpenMss.Gateway;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;

namespace OpenMss.Sandbox;

/// <summary>
/// The sandbox's LPS intermediate server: a client of its PSC sandbox (CIBA, the redirect URI, the back-channel logout
/// URI), on 127.0.0.1 at base+444, with its own embedded store and key ring under DIR/gateway. The conformance tool's
/// reference operator runs one too.
/// </summary>
public static class SandboxGateway
{
    public const string ClientId = "openmss-gateway";

    /// <summary>A sandbox secret, public as the sandbox's others: it opens nothing but the sandbox.</summary>
    public const string Secret = "sandbox-gateway-secret";

    public static string Url(ListenerPorts ports) => $"https://127.0.0.1:{ports.Gateway.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The PSC sandbox's directory with the gateway registered as a client.</summary>
    public static SandboxDirectory WithClient(SandboxDirectory directory, ListenerPorts ports) => directory with
    {
        Clients =
        [
            .. directory.Clients,
            new TestClient
            {
                ClientId = ClientId, Secret = Secret, Ciba = true,
                RedirectUris = ["https://127.0.0.1/callback"],
                BackchannelLogoutUri = Url(ports) + "backchannel-logout",
            },
        ],
    };

    public static WebApplication Build(string root, TestPkiLayout pki, ListenerPorts ports, string issuer, IMailStore store, TimeProvider clock)
    {
        var (certificate, chain) = pki.LoadServer();
        var options = new GatewayOptions
        {
            Issuer = issuer, ClientId = ClientId, ClientSecret = Secret, PublicUrl = Url(ports).TrimEnd('/'), TrustedCa = pki.TrustAnchor,
        };
        return GatewayHost.Build(options, new GatewayListener(new IPEndPoint(IPAddress.Loopback, ports.Gateway), certificate, chain, Path.Combine(root, "gateway", "keys")), store, clock);
    }
}
