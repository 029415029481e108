using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace OpenMss.Lps.Trust;

/// <summary>Reads the certificates of a PEM text (netstandard2.0 has no PEM import).</summary>
internal static class PemCertificates
{
    private static readonly Regex Block = new("-----BEGIN CERTIFICATE-----(?<body>[A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static IReadOnlyList<X509Certificate2> Read(string pem)
    {
        var certificates = Block.Matches(pem).Cast<Match>()
            .Select(m => Load(Convert.FromBase64String(Regex.Replace(m.Groups["body"].Value, "\\s", string.Empty, RegexOptions.None, TimeSpan.FromSeconds(1)))))
            .ToList();
        if (certificates.Count == 0)
        {
            throw new ArgumentException("The PEM text holds no certificate.", nameof(pem));
        }

        return certificates;
    }

    public static X509Certificate2 Load(byte[] der) =>
#if NET9_0_OR_GREATER
        X509CertificateLoader.LoadCertificate(der);
#else
        new(der);
#endif
}
