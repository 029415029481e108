using System.Net;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Operator.Whitelist;
using OpenMss.Pki;

namespace OpenMss.Sandbox;

/// <summary>
/// One operator of a local trust space: its domain, the loopback address its MTA answers on, its MX host name and
/// the subject of its MTA's server certificate (as IGC Santé would issue it: CN the MTA, OU the structure, O the
/// operator).
/// </summary>
public sealed record SandboxOperator(string Domain, IPAddress Address, string Organisation, string IdNatStruc)
{
    public string MxHost => "mx." + Domain;

    /// <summary>The file name of its certificate in the PKI directory (NAME.pem, NAME.key).</summary>
    public string CertificateName => "mta-" + Domain.Split('.')[0];

    public X500DistinguishedName Subject
    {
        get
        {
            var builder = new X500DistinguishedNameBuilder();
            builder.AddCountryOrRegion("FR");
            builder.AddOrganizationName(Organisation);
            builder.AddOrganizationalUnitName(IdNatStruc);
            builder.AddCommonName(MxHost);
            return builder.Build();
        }
    }

    /// <summary>The DN as ANS writes it in the whitelist: most specific first.</summary>
    public string WhitelistDn => $"CN={MxHost},OU={IdNatStruc},O={Organisation},C=FR";
}

/// <summary>
/// What makes operators of a sandbox a trust space: each MTA's server certificate (issued again when it no longer
/// names its hosts or leads to this run's CRL), their MX records, and a whitelist naming them all, with its checksum.
/// </summary>
public static class SandboxTrustSpace
{
    public const string WhitelistFile = "listeblanchemssante.xml";
    public const string ChecksumFile = "listeblanchemssante.xml.sha256";

    /// <summary>Issues what is missing and writes the whitelist into the PKI directory; returns the whitelist's and checksum's paths.</summary>
    /// <param name="hostedDomains">More domains an operator hosts (the responders'): in the whitelist with its DN, and an MX to its MTA.</param>
    public static (string Whitelist, string Checksum) Prepare(TestPkiLayout pki, IReadOnlyList<SandboxOperator> operators, SandboxZone zone, string? crlUrl, DateTimeOffset now, IReadOnlyList<(string Domain, SandboxOperator Host)>? hostedDomains = null)
    {
        foreach (var member in operators)
        {
            var hosts = new List<string> { member.MxHost, "localhost", member.Address.ToString() };
            var pem = pki.ClientCertificate(member.CertificateName);
            var current = File.Exists(pem) ? X509CertificateLoader.LoadCertificateFromFile(pem) : null;
            using (current)
            {
                if (current is null || !TestPkiServers.Covers(current, hosts, crlUrl) || current.NotAfter < now.AddDays(7) || current.SubjectName.Name != member.Subject.Name)
                {
                    TestPkiServers.Issue(pki, member.CertificateName, hosts, crlUrl, now, member.Subject).Dispose();
                }
            }

            zone.AddMx(member.Domain, member.MxHost, member.Address);
        }

        foreach (var (domain, host) in hostedDomains ?? [])
        {
            zone.AddMx(domain, host.MxHost, host.Address);
        }

        var listed = operators.Select(o => new WhitelistDomain(o.Domain, o.WhitelistDn, $"{o.Organisation} (sandbox)"))
            .Concat((hostedDomains ?? []).Select(h => new WhitelistDomain(h.Domain, h.Host.WhitelistDn, $"{h.Host.Organisation}, hosted (sandbox)")));
        var content = WhitelistWriter.Write(listed, now);
        var whitelist = Path.Combine(pki.Directory, WhitelistFile);
        var checksum = Path.Combine(pki.Directory, ChecksumFile);
        File.WriteAllBytes(whitelist, content);
        File.WriteAllText(checksum, WhitelistWriter.Checksum(content, WhitelistFile));
        return (whitelist, checksum);
    }
}
