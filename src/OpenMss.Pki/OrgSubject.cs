using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace OpenMss.Pki;

/// <summary>
/// The subject of an ORG AUTH_CLI certificate as MSSanté defines it:
/// <c>CN=&lt;free&gt;, OU=&lt;IdNatStruc&gt;, O=&lt;structure name&gt;, ST=&lt;département&gt; (XX), C=FR</c>.
/// </summary>
public sealed partial record OrgSubject(string CommonName, string IdNatStruc, string StructureName, string Departement)
{
    /// <summary>Checks the parts; returns the first problem as a sentence, or null.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(CommonName) ? "The certificate needs a common name (CN)." :
        string.IsNullOrWhiteSpace(IdNatStruc) ? "The certificate needs the IdNatStruc of its structure (OU)." :
        string.IsNullOrWhiteSpace(StructureName) ? "The certificate needs the structure's name (O)." :
        !DepartementFormat().IsMatch(Departement) ? $"'{Departement}' is not a département as MSSanté writes it, e.g. 'Paris (75)' or 'Corse-du-Sud (2A)'." :
        null;

    /// <summary>
    /// The DN, encoded C, ST, O, OU, CN (most significant first, as X.509 does), so that its RFC 4514 string reads
    /// CN, OU, O, ST, C as MSSanté writes it. The builder encodes in the reverse order of the Add calls.
    /// </summary>
    public X500DistinguishedName ToDistinguishedName()
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(CommonName);
        builder.AddOrganizationalUnitName(IdNatStruc);
        builder.AddOrganizationName(StructureName);
        builder.AddStateOrProvinceName(Departement);
        builder.AddCountryOrRegion("FR");
        return builder.Build();
    }

    [GeneratedRegex(@"^\S.* \((\d{2,3}|2A|2B)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex DepartementFormat();
}
