using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Storage;
using OpenMss.Web;

namespace OpenMss.Sandbox;

/// <summary>
/// The sandbox's webmail on 127.0.0.1 at base+82: operator A's, a client of the PSC sandbox (its redirect URI and
/// back-channel logout URI), reaching A's BALs through A's PSC fronts.
/// </summary>
public static class SandboxWebmail
{
    public static string Url(ListenerPorts ports) => $"https://127.0.0.1:{ports.Webmail.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The same webmail by name, where WebAuthn security keys can be enrolled and used.</summary>
    public static string ByName(ListenerPorts ports) => $"https://localhost:{ports.Webmail.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The PSC sandbox's directory with the webmail client told where to send back-channel logouts.</summary>
    public static SandboxDirectory WithClient(SandboxDirectory directory, ListenerPorts ports) => directory with
    {
        Clients = [.. directory.Clients.Select(c => c.ClientId == SandboxDirectory.WebmailClientId ? c with { BackchannelLogoutUri = Url(ports) + "backchannel-logout" } : c)],
    };

    /// <param name="store">Operator A's store: its directory says which BALs a professional may open, and its backup authority answers when PSC is down.</param>
    public static WebApplication Build(TestPkiLayout pki, ListenerPorts ports, string issuer, IPAddress operatorAddress, IMailStore store, OpenMss.Operator.Backup.BackupOptions backup, TimeProvider clock)
    {
        var (certificate, chain) = pki.LoadServer();
        var client = SandboxDirectory.Defaults.FindClient(SandboxDirectory.WebmailClientId)!;
        var fronts = operatorAddress.ToString();
        return WebmailHost.Build(
            new WebmailSettings
            {
                PscIssuer = new Uri(issuer),
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                PscTrustedCa = pki.TrustAnchor,
                Fronts = MssEndpoints.Explicit(new ServiceEndpoint(fronts, ports.ImapPsc), new ServiceEndpoint(fronts, ports.SubmissionPsc)),
                FrontsTrustedCa = pki.TrustAnchor,
                Certificate = certificate,
                CertificateChain = chain,
                Port = ports.Webmail,
                // WebAuthn takes no IP address as relying party id: security keys work at https://localhost:PORT.
                Backup = new OperatorWebmailBackup(new OpenMss.Operator.Backup.BackupAuthority(store, backup with { SecurityKeyOrigins = [new Uri(ByName(ports))] }, clock)),
            },
            store.Directory,
            clock);
    }
}
