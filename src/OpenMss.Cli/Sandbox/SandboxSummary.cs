using System.Globalization;
using OpenMss.Operator.Hosting;
using OpenMss.Sandbox;

namespace OpenMss.Cli.Sandbox;

/// <summary>What <c>openmss sandbox</c> prints once it runs: where everything is, and commands that work as printed.</summary>
internal static class SandboxSummary
{
    public static string Text(string root, SandboxManifest manifest, ListenerPorts ports)
    {
        var (a, b) = (SandboxOperators.A, SandboxOperators.B);
        var app = manifest.Accounts.First(x => x.Type == "APP");
        var (ca, certificate, key, dir) = (Quote(manifest.Ca), Quote(app.Certificate!), Quote(app.Key!), Quote(root));
        var p = (int port) => port.ToString(CultureInfo.InvariantCulture);
        var (holder, colleague) = (SandboxOperators.PerHolder, SandboxOperators.Colleague);
        return $"""
            OpenMSS sandbox running: {SandboxManifest.PathIn(root)}
              PSC sandbox   {manifest.Psc.Issuer} (control page {manifest.Psc.Control})
              Gateway       {manifest.Gateway} (LPS intermediate server, PSC client {SandboxGateway.ClientId}; docs/gateway.md)
              Webmail       {manifest.Webmail} (operator A's BALs through its PSC fronts; log in as {holder} at the PSC sandbox; docs/webmail.md)
              DNS           {manifest.Dns} (UDP and TCP): SRV autoconfiguration and MX of both operators; CRL {manifest.Crl}
              Annuaire      LDAP {manifest.Annuaire?.Ldap ?? "off (slapd is not installed)"} base {manifest.Annuaire?.Base}; FHIR {manifest.Annuaire?.Fhir}; extraction {manifest.Annuaire?.Extraction}
              Whitelist     both operators' MTAs, listed by certificate DN ({Quote(Path.Combine(root, "pki", OpenMss.Sandbox.SandboxTrustSpace.WhitelistFile))})
            {Operator(a, ports)}
              Accounts      jean.dupont@{a.Domain} (PER, IdNat {holder}), secretariat@{a.Domain} (ORG), dpi@{a.Domain} (APP, certificate {certificate})
            {Operator(b, ports)}
              Accounts      marie.martin@{b.Domain} (PER, IdNat {colleague}), accueil@{b.Domain} (ORG), dpi@{b.Domain} (APP, same certificate)
              Responders    {string.Join(", ", manifest.Responders ?? [])}: any message gets a test VSM or CR-BIO back as IHE_XDM
              Mon espace santé (stand-in, on B)   patients {string.Join(", ", manifest.Patients?.Accounts.Select(x => $"{x.Address} ({x.Name})") ?? [])}; {manifest.Patients?.AutomaticAnswer} answers everything

            Send a message as Dr Jean DUPONT (PSC token) and read it back:
              TOKEN=$({Launcher()} psc token --sandbox {dir} --idnat {holder})
              printf 'Subject: hello\r\n\r\nHello.\r\n' > /tmp/hello.eml
              curl -sS --url smtp://127.0.0.1:{p(ports.SubmissionPsc)} --ssl-reqd --cacert {ca} --oauth2-bearer "$TOKEN" --login-options AUTH=XOAUTH2 --user jean.dupont@{a.Domain} --mail-from jean.dupont@{a.Domain} --mail-rcpt jean.dupont@{a.Domain} --upload-file /tmp/hello.eml
              curl -sS --url 'imap://127.0.0.1:{p(ports.ImapPsc)}/INBOX;UID=1' --ssl-reqd --cacert {ca} --oauth2-bearer "$TOKEN" --login-options AUTH=XOAUTH2 --user jean.dupont@{a.Domain}

            The same with the DPI's certificate (BAL APP):
              curl -sS --url smtp://127.0.0.1:{p(ports.SubmissionAuthCli)} --ssl-reqd --cacert {ca} --cert {certificate} --key {key} --user dpi@{a.Domain}: --login-options AUTH=PLAIN --mail-from dpi@{a.Domain} --mail-rcpt dpi@{a.Domain} --upload-file /tmp/hello.eml
              curl -sS --url 'imap://127.0.0.1:{p(ports.ImapAuthCli)}/INBOX;UID=1' --ssl-reqd --cacert {ca} --cert {certificate} --key {key} --user dpi@{a.Domain}: --login-options AUTH=PLAIN

            Through the LPS SDK (DNS SRV autoconfiguration, CRL-checked trust): Dr DUPONT writes to the DPI, which reads it:
              {Launcher()} lps send --from jean.dupont@{a.Domain} --to dpi@{a.Domain} --subject hello --nil DEV1 --token-command "{Launcher()} psc token --sandbox {dir} --idnat {holder}" --ca {ca} --dns {manifest.Dns}
              {Launcher()} lps fetch dpi@{a.Domain} --out /tmp/openmss-dpi --cert {certificate} --key {key} --ca {ca} --dns {manifest.Dns}

            Across the trust space: Dr DUPONT (operator A) writes to Dr MARTIN (operator B), whose LPS reads it from B:
              {Launcher()} lps send --from jean.dupont@{a.Domain} --to marie.martin@{b.Domain} --subject across --nil DEV1 --token-command "{Launcher()} psc token --sandbox {dir} --idnat {holder}" --ca {ca} --dns {manifest.Dns}
              sleep 3; {Launcher()} lps fetch marie.martin@{b.Domain} --out /tmp/openmss-martin --token-command "{Launcher()} psc token --sandbox {dir} --idnat {colleague}" --ca {ca} --dns {manifest.Dns}
              {Launcher()} domains status --data {Quote(SandboxOperators.StoreDirectory(root, a))}

            Through the intermediate server, as a thick client: pair by CIBA (approve on the control page), then use the session file:
              {Launcher()} lps login --gateway {manifest.Gateway} --ciba --idnat {holder} --out /tmp/openmss-session.json --gateway-ca {ca}
              {Launcher()} lps fetch jean.dupont@{a.Domain} --out /tmp/openmss-dupont --gateway-session /tmp/openmss-session.json --gateway-ca {ca} --ca {ca} --dns {manifest.Dns}

            To a patient (Mon espace santé stand-in): a CR-BIO as IHE_XDM, with a read receipt; the patient acknowledges in HTML. Then the patient writes back:
              {Launcher()} lps send --from jean.dupont@{a.Domain} --to {manifest.Patients?.Accounts[0].Address} --cda {Quote(Path.Combine(root, "cda", "crbio.xml"))} --ddm-subject --read-receipt --nil DEV1 --token-command "{Launcher()} psc token --sandbox {dir} --idnat {holder}" --ca {ca} --dns {manifest.Dns}
              sleep 3; {Launcher()} sandbox patient send --data {dir} --ins {manifest.Patients?.Accounts[0].Ins} --to jean.dupont@{a.Domain} --subject "Une question"

            Stop with Ctrl-C; mail, BALs and PKI stay in {root}.
            """;
    }

    private static string Operator(OpenMss.Sandbox.SandboxOperator member, ListenerPorts ports)
    {
        var at = (int port) => $"{member.Address}:{port.ToString(CultureInfo.InvariantCulture)}";
        return $"""
              {SandboxOperators.Name(member)}    {member.Domain}
              IMAP          {at(ports.ImapPsc)} (PSC)   {at(ports.ImapAuthCli)} (AUTH_CLI)   STARTTLS
              Submission    {at(ports.SubmissionPsc)} (PSC)   {at(ports.SubmissionAuthCli)} (AUTH_CLI)   STARTTLS
              MTA           {at(ports.Mta)} ({member.MxHost}, certificate {member.WhitelistDn})
              Console       {SandboxConsole.Url(member, ports)} (user {SandboxConsole.User}, password in sandbox.json; docs/console.md)
            """;
    }

    /// <summary>How to call openmss from where the user is: the ./openmss wrapper names itself in OPENMSS_LAUNCHER.</summary>
    private static string Launcher()
    {
        var launcher = Environment.GetEnvironmentVariable("OPENMSS_LAUNCHER");
        if (string.IsNullOrEmpty(launcher))
        {
            return "openmss";
        }

        return Path.GetDirectoryName(launcher) == Environment.CurrentDirectory ? "./openmss" : Quote(launcher);
    }

    /// <summary>A path as one shell word, so the printed commands paste as they are.</summary>
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:@".Contains(c)) ? path : $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
