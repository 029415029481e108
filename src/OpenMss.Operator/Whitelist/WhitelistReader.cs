using System.Globalization;
using System.Security.Cryptography;
using System.Xml;

namespace OpenMss.Operator.Whitelist;

/// <summary>
/// Reads ANS's whitelist XML (namespace <c>https://listeblanche.mssante.fr/schema</c>, spec §10): root
/// <c>ListeBlancheMSSante</c>, <c>DateDeGeneration</c>, <c>ListeDomaines/Domaine</c> with <c>Nom</c> and
/// <c>DNCertificatOperateur</c>; other elements (descriptions, contacts, dates) are ignored, as unknown ones are
/// (spec §13 #19). Checked against its SHA-256 checksum file when one is given. Bounded and hostile-input safe: no
/// DTD, no external entity, a size and an entry limit; anything wrong is refused whole with one sentence.
/// </summary>
public static class WhitelistReader
{
    public const string Namespace = "https://listeblanche.mssante.fr/schema";

    /// <summary>The real list is about 3.7 MB and 8,655 entries (2026): room to grow, not to be flooded.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public const int MaxEntries = 200_000;

    private const int MaxFieldLength = 1024;

    /// <summary>Parses <paramref name="content"/>; <paramref name="checksum"/> is the text of the checksum file (hex digest, optionally followed by a file name), or null.</summary>
    /// <exception cref="WhitelistException">The list cannot be used; the message says why.</exception>
    public static Whitelist Read(byte[] content, string? checksum, int maxEntries = MaxEntries)
    {
        if (content.LongLength > MaxBytes)
        {
            throw new WhitelistException($"The whitelist is {content.LongLength} bytes, more than the {MaxBytes} accepted.");
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        if (checksum is not null)
        {
            var expected = checksum.Trim().Split([' ', '\t', '\n', '\r'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (expected.Length != 64 || !expected.All(Uri.IsHexDigit))
            {
                throw new WhitelistException("The checksum file holds no SHA-256 digest (64 hexadecimal digits).");
            }

            if (!string.Equals(expected, digest, StringComparison.OrdinalIgnoreCase))
            {
                throw new WhitelistException($"The whitelist does not match its checksum (SHA-256 {digest}, expected {expected.ToLowerInvariant()}): refused, the previous list stays in force.");
            }
        }

        try
        {
            return Parse(content, digest, maxEntries);
        }
        catch (XmlException e)
        {
            throw new WhitelistException($"The whitelist is not well-formed XML: {e.Message}", e);
        }
    }

    private static Whitelist Parse(byte[] content, string digest, int maxEntries)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, // no entity expansion, no external entity (XXE)
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        using var stream = new MemoryStream(content, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        reader.MoveToContent();
        if (reader.LocalName != "ListeBlancheMSSante" || reader.NamespaceURI != Namespace)
        {
            throw new WhitelistException($"The document is not an MSSanté whitelist: its root is {{{reader.NamespaceURI}}}{reader.LocalName}, not {{{Namespace}}}ListeBlancheMSSante.");
        }

        DateTimeOffset? generated = null;
        var domains = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var entries = 0;
        reader.Read();
        while (!reader.EOF)
        {
            // ReadElementContentAsString and ReadSubtree's end leave the reader on the next node already: read only otherwise.
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
            {
                reader.Read();
                continue;
            }

            if (reader.LocalName == "DateDeGeneration" && reader.Depth == 1)
            {
                var text = reader.ReadElementContentAsString().Trim();
                generated = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
            }
            else if (reader.LocalName == "Domaine")
            {
                if (++entries > maxEntries)
                {
                    throw new WhitelistException($"The whitelist has more than {maxEntries} entries.");
                }

                var (name, dn) = ReadEntry(reader.ReadSubtree(), entries);
                reader.Skip(); // past the Domaine element the subtree reader consumed
                if (!domains.TryGetValue(name, out var dns))
                {
                    domains[name] = dns = [];
                }

                if (!dns.Contains(dn, StringComparer.Ordinal))
                {
                    dns.Add(dn);
                }
            }
            else
            {
                reader.Read();
            }
        }

        if (entries == 0)
        {
            throw new WhitelistException("The whitelist lists no domain; an empty list would cut the operator off the trust space, so it is refused.");
        }

        return new Whitelist(generated, domains.ToDictionary(d => d.Key, d => (IReadOnlyList<string>)d.Value, StringComparer.Ordinal), digest);
    }

    private static (string Domain, string Dn) ReadEntry(XmlReader entry, int number)
    {
        string? name = null, dn = null;
        using (entry)
        {
            entry.Read();
            while (!entry.EOF)
            {
                if (entry.NodeType == XmlNodeType.Element && entry.NamespaceURI == Namespace && entry.LocalName == "Nom")
                {
                    name = Field(entry.ReadElementContentAsString(), number, "Nom");
                }
                else if (entry.NodeType == XmlNodeType.Element && entry.NamespaceURI == Namespace && entry.LocalName == "DNCertificatOperateur")
                {
                    dn = Field(entry.ReadElementContentAsString(), number, "DNCertificatOperateur");
                }
                else
                {
                    entry.Read();
                }
            }
        }

        if (name is null || dn is null)
        {
            throw new WhitelistException($"Entry {number} of the whitelist has no {(name is null ? "Nom" : "DNCertificatOperateur")}.");
        }

        return (AsciiDomain(name, number), dn);
    }

    private static string Field(string value, int number, string element)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxFieldLength || trimmed.Any(char.IsControl))
        {
            throw new WhitelistException($"Entry {number} of the whitelist has an unusable {element}.");
        }

        return trimmed;
    }

    /// <summary>Some listed names are Unicode (spec §10): compared in their ASCII (IDNA) form, lower case.</summary>
    private static string AsciiDomain(string name, int number)
    {
        try
        {
            var ascii = new IdnMapping().GetAscii(name.TrimEnd('.')).ToLowerInvariant();
            return Identifiers.DomainName.Normalize(ascii) ?? throw new ArgumentException("not a domain");
        }
        catch (ArgumentException)
        {
            throw new WhitelistException($"Entry {number} of the whitelist names '{name}', which is not a domain name.");
        }
    }
}
