using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace OpenMss.Operator.Whitelist;

/// <summary>One domain of a whitelist to write: its name, the DN of an MTA allowed for it, and a description.</summary>
public sealed record WhitelistDomain(string Name, string Dn, string Description);

/// <summary>
/// Writes a whitelist in ANS's format (spec §10) and its checksum file: what a sandbox or a test trust space
/// publishes so that its operators read it exactly as they read the real one.
/// </summary>
public static class WhitelistWriter
{
    public static byte[] Write(IEnumerable<WhitelistDomain> domains, DateTimeOffset generated)
    {
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            writer.WriteStartElement("ListeBlancheMSSante", WhitelistReader.Namespace);
            writer.WriteElementString("DateDeGeneration", WhitelistReader.Namespace, generated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteStartElement("ListeDomaines", WhitelistReader.Namespace);
            foreach (var domain in domains)
            {
                writer.WriteStartElement("Domaine", WhitelistReader.Namespace);
                writer.WriteElementString("Nom", WhitelistReader.Namespace, domain.Name);
                writer.WriteElementString("Description", WhitelistReader.Namespace, domain.Description);
                writer.WriteElementString("DNCertificatOperateur", WhitelistReader.Namespace, domain.Dn);
                writer.WriteElementString("DateMAJ", WhitelistReader.Namespace, generated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return output.ToArray();
    }

    /// <summary>The checksum file's text: the SHA-256 in hexadecimal, then the file name (as sha256sum writes it).</summary>
    public static string Checksum(byte[] content, string fileName) => $"{Convert.ToHexStringLower(SHA256.HashData(content))}  {fileName}\n";
}
