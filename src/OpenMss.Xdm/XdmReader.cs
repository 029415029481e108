using System.IO.Compression;
using System.Xml;

namespace OpenMss.Xdm;

/// <summary>
/// Reads an IHE_XDM archive (spec §9), never to disk: entry names that would leave the archive, too many entries,
/// too large or too compressed entries (zip bombs) and malformed or DTD-carrying XML are refused with the defect
/// named. A readable archive is then checked: README.TXT, INDEX.HTM and METADATA.XML present, every
/// DocumentEntry's document present with the size and SHA-1 METADATA.XML gives, a CDA header, the same patient
/// and document type as the metadata. Each defect becomes one sentence of <see cref="XdmArchive.Problems"/>.
/// Documents are hashed and their headers read as they inflate: <see cref="Inspect"/> keeps none of them, so on a
/// seekable stream (a file) it runs in the memory of METADATA.XML and the CDA headers, whatever the documents' size.
/// </summary>
public static class XdmReader
{
    /// <summary>METADATA.XML is read whole; it describes documents and is far below this.</summary>
    private const long MaxMetadataBytes = 16L * 1024 * 1024;

    /// <summary>Reads and checks the archive, keeping each document's bytes (<see cref="XdmDocument.Content"/>).</summary>
    /// <exception cref="XdmException">The archive cannot be read safely at all.</exception>
    public static XdmArchive Read(Stream zip, XdmLimits? limits = null) => Check(zip, limits ?? new XdmLimits(), keep: true);

    /// <summary>Checks the archive as <see cref="Read"/> does, keeping no document (<see cref="XdmDocument.Content"/> is null).</summary>
    /// <exception cref="XdmException">The archive cannot be read safely at all.</exception>
    public static XdmArchive Inspect(Stream zip, XdmLimits? limits = null) => Check(zip, limits ?? new XdmLimits(), keep: false);

    private static XdmArchive Check(Stream zip, XdmLimits limits, bool keep)
    {
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            var entries = Entries(archive, limits);
            return Check(entries, new InflatedTotal(limits), limits, keep);
        }
        catch (InvalidDataException e)
        {
            throw new XdmException($"The archive is not a readable ZIP file: {e.Message}", e);
        }
    }

    private static XdmArchive Check(Dictionary<string, ZipArchiveEntry> entries, InflatedTotal total, XdmLimits limits, bool keep)
    {
        var problems = new List<string>();
        foreach (var required in new[] { XdmNames.Readme, XdmNames.Index })
        {
            if (!entries.ContainsKey(required))
            {
                problems.Add($"The archive has no {required}.");
            }
        }

        if (!entries.TryGetValue(XdmNames.Metadata, out var metadataEntry))
        {
            problems.Add($"The archive has no {XdmNames.Metadata}: its documents and patient cannot be identified.");
            return new XdmArchive([], null, problems);
        }

        byte[] metadata;
        using (var stream = new BoundedEntryStream(metadataEntry.Open(), XdmNames.Metadata, limits with { MaxEntryBytes = Math.Min(limits.MaxEntryBytes, MaxMetadataBytes) }, total, keep: true))
        {
            metadata = stream.Finish().Content!;
        }

        var (patientId, described) = ReadMetadata(metadata);
        var documents = new List<XdmDocument>();
        foreach (var entry in described)
        {
            var path = XdmNames.Subset + entry.Uri;
            if (!entries.TryGetValue(path, out var found))
            {
                problems.Add($"METADATA.XML names {entry.Uri}, which the archive does not contain.");
                documents.Add(new XdmDocument(path, null, null, entry.TypeCode, entry.Hash, entry.Size));
                continue;
            }

            CdaHeader? header = null;
            long size;
            string hash;
            byte[]? content;
            using (var stream = new BoundedEntryStream(found.Open(), Printable(path), limits, total, keep))
            {
                try
                {
                    header = CdaHeaderReader.Read(stream);
                }
                catch (XdmException e) when (e is not XdmBoundsException)
                {
                    problems.Add($"{entry.Uri}: {e.Message}");
                }

                (size, hash, content) = stream.Finish();
            }

            if (entry.Size is { } expectedSize && expectedSize != size)
            {
                problems.Add($"{entry.Uri}: METADATA.XML gives a size of {expectedSize} bytes, the document has {size}.");
            }

            if (entry.Hash is { } expected && !string.Equals(expected, hash, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{entry.Uri}: METADATA.XML gives the SHA-1 {expected}, the document's is {hash}.");
            }

            if (header is not null && entry.TypeCode is { } typeCode && typeCode != header.Code.Code)
            {
                problems.Add($"{entry.Uri}: METADATA.XML gives the typeCode {typeCode}, the document's code is {header.Code.Code}.");
            }

            if (header is not null && patientId is not null && header.Patient.XdsPatientId is { } documentPatient && documentPatient != patientId)
            {
                problems.Add($"{entry.Uri}: the document's patient {documentPatient} is not the submission's {patientId}.");
            }

            documents.Add(new XdmDocument(path, content, header, entry.TypeCode, entry.Hash, entry.Size, size, hash));
        }

        if (described.Count == 0)
        {
            problems.Add("METADATA.XML describes no document.");
        }

        return new XdmArchive(documents, patientId, problems);
    }

    private sealed record DescribedDocument(string Uri, string? Hash, long? Size, string? TypeCode);

    /// <summary>The archive's file entries by name (the first of a repeated name), once every entry was found safe to name and to inflate.</summary>
    private static Dictionary<string, ZipArchiveEntry> Entries(ZipArchive archive, XdmLimits limits)
    {
        if (archive.Entries.Count > limits.MaxEntries)
        {
            throw new XdmException($"The archive has {archive.Entries.Count} entries, more than the {limits.MaxEntries} accepted.");
        }

        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        long declared = 0;
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

            declared += entry.Length;
            if (declared > limits.MaxTotalBytes)
            {
                throw new XdmException($"The archive inflates beyond {limits.MaxTotalBytes} bytes in all (its directory says so at {Printable(name)}): refused.");
            }

            if (!entries.ContainsKey(name))
            {
                entries[name] = entry;
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
