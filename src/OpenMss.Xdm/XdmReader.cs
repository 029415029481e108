using System.IO.Compression;
using System.Xml;

namespace OpenMss.Xdm;

/// <summary>
/// Reads an IHE_XDM archive (spec §9) in memory, never to disk: entry names that would leave the archive, too many
/// entries, too large or too compressed entries (zip bombs) and malformed or DTD-carrying XML are refused with the
/// defect named. A readable archive is then checked: README.TXT, INDEX.HTM and METADATA.XML present, every
/// DocumentEntry's document present with the size and SHA-1 METADATA.XML gives, a CDA header, the same patient
/// and document type as the metadata. Each defect becomes one sentence of <see cref="XdmArchive.Problems"/>.
/// </summary>
public static class XdmReader
{
    /// <exception cref="XdmException">The archive cannot be read safely at all.</exception>
    public static XdmArchive Read(Stream zip, XdmLimits? limits = null)
    {
        limits ??= new XdmLimits();
        Dictionary<string, byte[]> entries;
        try
        {
            entries = Entries(zip, limits);
        }
        catch (InvalidDataException e)
        {
            throw new XdmException($"The archive is not a readable ZIP file: {e.Message}", e);
        }

        var problems = new List<string>();
        foreach (var required in new[] { XdmNames.Readme, XdmNames.Index })
        {
            if (!entries.ContainsKey(required))
            {
                problems.Add($"The archive has no {required}.");
            }
        }

        if (!entries.TryGetValue(XdmNames.Metadata, out var metadata))
        {
            problems.Add($"The archive has no {XdmNames.Metadata}: its documents and patient cannot be identified.");
            return new XdmArchive([], null, problems);
        }

        var (patientId, described) = ReadMetadata(metadata);
        var documents = new List<XdmDocument>();
        foreach (var entry in described)
        {
            var path = XdmNames.Subset + entry.Uri;
            if (!entries.TryGetValue(path, out var content))
            {
                problems.Add($"METADATA.XML names {entry.Uri}, which the archive does not contain.");
                documents.Add(new XdmDocument(path, null, null, entry.TypeCode, entry.Hash, entry.Size));
                continue;
            }

            if (entry.Size is { } size && size != content.LongLength)
            {
                problems.Add($"{entry.Uri}: METADATA.XML gives a size of {size} bytes, the document has {content.LongLength}.");
            }

            var hash = XdmPackager.Sha1(content);
            if (entry.Hash is { } expected && !string.Equals(expected, hash, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{entry.Uri}: METADATA.XML gives the SHA-1 {expected}, the document's is {hash}.");
            }

            CdaHeader? header = null;
            try
            {
                header = CdaHeaderReader.Read(content);
            }
            catch (XdmException e)
            {
                problems.Add($"{entry.Uri}: {e.Message}");
            }

            if (header is not null && entry.TypeCode is { } typeCode && typeCode != header.Code.Code)
            {
                problems.Add($"{entry.Uri}: METADATA.XML gives the typeCode {typeCode}, the document's code is {header.Code.Code}.");
            }

            if (header is not null && patientId is not null && header.Patient.XdsPatientId is { } documentPatient && documentPatient != patientId)
            {
                problems.Add($"{entry.Uri}: the document's patient {documentPatient} is not the submission's {patientId}.");
            }

            documents.Add(new XdmDocument(path, content, header, entry.TypeCode, entry.Hash, entry.Size));
        }

        if (described.Count == 0)
        {
            problems.Add("METADATA.XML describes no document.");
        }

        return new XdmArchive(documents, patientId, problems);
    }

    private sealed record DescribedDocument(string Uri, string? Hash, long? Size, string? TypeCode);

    private static Dictionary<string, byte[]> Entries(Stream zip, XdmLimits limits)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        if (archive.Entries.Count > limits.MaxEntries)
        {
            throw new XdmException($"The archive has {archive.Entries.Count} entries, more than the {limits.MaxEntries} accepted.");
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (name.Length == 0 || name.StartsWith("/", StringComparison.Ordinal) || name.StartsWith("\\", StringComparison.Ordinal) || name.Contains(':') || name.Contains('\\')
                || name.Split('/').Any(segment => segment == ".."))
            {
                throw new XdmException($"The archive entry '{Printable(name)}' would leave the archive (absolute path or '..'): refused.");
            }

            if (name.EndsWith("/", StringComparison.Ordinal))
            {
                continue; // a directory entry
            }

            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new XdmException($"The archive entry {Printable(name)} is {entry.Length} bytes once inflated, more than the {limits.MaxEntryBytes} accepted.");
            }

            if (entry.Length > 1024 * 1024 && entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > limits.MaxRatio)
            {
                throw new XdmException($"The archive entry {Printable(name)} inflates {entry.Length / entry.CompressedLength} times (zip bomb): refused.");
            }

            // The sizes in the directory can lie: count what actually comes out, and stop at the bounds.
            using var input = entry.Open();
            using var content = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (content.Length + read > limits.MaxEntryBytes || total > limits.MaxTotalBytes)
                {
                    throw new XdmException($"The archive inflates beyond its bounds at {Printable(name)} ({limits.MaxEntryBytes} bytes an entry, {limits.MaxTotalBytes} in all): refused.");
                }

                content.Write(buffer, 0, read);
            }

            if (!entries.ContainsKey(name))
            {
                entries[name] = content.ToArray();
            }
        }

        return entries;
    }

    private static (string? PatientId, List<DescribedDocument> Documents) ReadMetadata(byte[] metadata)
    {
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(metadata, writable: false);
            using var reader = XmlReader.Create(stream, CdaHeaderReader.Settings());
            document.Load(reader);
        }
        catch (XmlException e)
        {
            throw new XdmException($"METADATA.XML is not well-formed XML: {e.Message}", e);
        }

        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("rim", XdmNames.Rim);
        var patientId = (document.SelectSingleNode($"//rim:RegistryPackage/rim:ExternalIdentifier[@identificationScheme='{XdmNames.SubmissionPatientId}']", names) as XmlElement)?.GetAttribute("value");
        var documents = new List<DescribedDocument>();
        foreach (var entry in document.SelectNodes($"//rim:ExtrinsicObject[@objectType='{XdmNames.DocumentEntry}']", names)?.OfType<XmlElement>() ?? [])
        {
            string? Slot(string name) => entry.SelectSingleNode($"rim:Slot[@name='{name}']/rim:ValueList/rim:Value", names)?.InnerText.Trim();
            var uri = Slot("URI");
            if (uri is null || uri.Contains('/') || uri.Contains('\\') || uri.Contains(".."))
            {
                throw new XdmException($"METADATA.XML gives a document URI that is not a file name of SUBSET01: '{Printable(uri ?? "")}'.");
            }

            var typeCode = (entry.SelectSingleNode($"rim:Classification[@classificationScheme='{XdmNames.TypeCode}']", names) as XmlElement)?.GetAttribute("nodeRepresentation");
            documents.Add(new DescribedDocument(uri, Slot("hash"), long.TryParse(Slot("size"), out var size) ? size : null, string.IsNullOrEmpty(typeCode) ? null : typeCode));
        }

        return (string.IsNullOrEmpty(patientId) ? null : patientId, documents);
    }

    private static string Printable(string name) => new(name.Take(120).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
