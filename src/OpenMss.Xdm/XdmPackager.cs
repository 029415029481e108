using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace OpenMss.Xdm;

/// <summary>
/// Builds <c>IHE_XDM.ZIP</c> from CDA R2 documents of one patient (spec §9): README.TXT, INDEX.HTM,
/// IHE_XDM/SUBSET01/METADATA.XML with a SubmissionSet and one DocumentEntry per document (typeCode from
/// <c>ClinicalDocument/code</c>, patientId from the INS of <c>recordTarget</c>, SHA-1 hash, size, URI, author,
/// dates, following ANS's CDA-header-to-XDS mapping), and the documents under 8.3 upper-case names.
/// </summary>
public static class XdmPackager
{
    /// <summary>ZIP's MS-DOS timestamps run from 1980 to 2107; a clock outside them still gets an archive.</summary>
    private static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset ZipEnd = new(2107, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <exception cref="XdmException">A document is not CDA, or the documents are not all of one patient.</exception>
    public static byte[] Build(IReadOnlyList<byte[]> documents, XdmSender sender, DateTimeOffset now)
    {
        if (documents.Count == 0)
        {
            throw new XdmException("An XDM archive needs at least one CDA document.");
        }

        var headers = documents.Select(CdaHeaderReader.Read).ToList();
        var patients = headers.Select(h => h.Patient.XdsPatientId ?? "").Distinct().ToList();
        if (patients.Count > 1)
        {
            throw new XdmException("The documents are of different patients: one XDM submission carries one patient's documents.");
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, XdmNames.Readme, Encoding.UTF8.GetBytes(Readme(sender, headers, now)), now);
            Add(zip, XdmNames.Index, Encoding.UTF8.GetBytes(Index(headers)), now);
            Add(zip, XdmNames.Metadata, Metadata(documents, headers, sender, now), now);
            for (var i = 0; i < documents.Count; i++)
            {
                Add(zip, XdmNames.Subset + XdmNames.DocumentFile(i), documents[i], now);
            }
        }

        return output.ToArray();
    }

    /// <summary>The SHA-1 XDS puts in a DocumentEntry's hash slot (ITI TF-3 §4.2.3.2.12), lower-case hexadecimal.</summary>
    public static string Sha1(byte[] content)
    {
        using var sha1 = SHA1.Create();
        return string.Concat(sha1.ComputeHash(content).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static void Add(ZipArchive zip, string name, byte[] content, DateTimeOffset now)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = now < ZipEpoch ? ZipEpoch : now > ZipEnd ? ZipEnd : now;
        using var stream = entry.Open();
        stream.Write(content, 0, content.Length);
    }

    private static string Readme(XdmSender sender, List<CdaHeader> headers, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append("IHE_XDM archive (IHE ITI XDM, MSSanté)\r\n\r\n");
        text.Append(FormattableString.Invariant($"Sender: {sender.Name}\r\nOrganisation: {sender.Organisation}\r\n"));
        text.Append(FormattableString.Invariant($"Application: {sender.Application} {sender.Version} ({sender.Editor})\r\n"));
        text.Append(FormattableString.Invariant($"Created: {now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\r\n\r\n"));
        text.Append("Open INDEX.HTM to list the documents; IHE_XDM/SUBSET01/METADATA.XML describes them for software.\r\n\r\n");
        text.Append("README.TXT\r\nINDEX.HTM\r\nIHE_XDM/\r\n  SUBSET01/\r\n    METADATA.XML\r\n");
        for (var i = 0; i < headers.Count; i++)
        {
            text.Append(FormattableString.Invariant($"    {XdmNames.DocumentFile(i)}  {headers[i].Title ?? headers[i].Code.DisplayName ?? headers[i].Code.Code}\r\n"));
        }

        return text.ToString();
    }

    private static string Index(List<CdaHeader> headers)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"fr\"><head><meta charset=\"utf-8\"/><title>IHE_XDM</title></head><body>\r\n");
        html.Append("<p><a href=\"README.TXT\">README.TXT</a></p>\r\n<ul>\r\n");
        for (var i = 0; i < headers.Count; i++)
        {
            var title = System.Net.WebUtility.HtmlEncode(headers[i].Title ?? headers[i].Code.DisplayName ?? headers[i].Code.Code);
            html.Append(FormattableString.Invariant($"<li><a href=\"{XdmNames.Subset}{XdmNames.DocumentFile(i)}\">{title}</a></li>\r\n"));
        }

        html.Append("</ul>\r\n</body></html>\r\n");
        return html.ToString();
    }

    private static byte[] Metadata(IReadOnlyList<byte[]> documents, List<CdaHeader> headers, XdmSender sender, DateTimeOffset now)
    {
        using var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartElement("lcm", "SubmitObjectsRequest", XdmNames.Lcm);
            xml.WriteStartElement("rim", "RegistryObjectList", XdmNames.Rim);
            var patientId = headers[0].Patient.XdsPatientId;
            for (var i = 0; i < documents.Count; i++)
            {
                DocumentEntry(xml, $"Document{i + 1:D2}", XdmNames.DocumentFile(i), documents[i], headers[i], now);
            }

            xml.WriteStartElement("rim", "RegistryPackage", XdmNames.Rim);
            xml.WriteAttributeString("id", "SubmissionSet01");
            xml.WriteAttributeString("objectType", "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage");
            Slot(xml, "submissionTime", Hl7Time(now));
            Classification(xml, XdmNames.Author, "SubmissionSet01", "", ("authorPerson", sender.Name), ("authorInstitution", sender.Organisation));
            xml.WriteStartElement("rim", "Classification", XdmNames.Rim);
            xml.WriteAttributeString("classifiedObject", "SubmissionSet01");
            xml.WriteAttributeString("classificationNode", XdmNames.SubmissionSet);
            xml.WriteAttributeString("id", "SubmissionSet01Class");
            xml.WriteEndElement();
            if (patientId is not null)
            {
                ExternalIdentifier(xml, XdmNames.SubmissionPatientId, "SubmissionSet01", patientId, "XDSSubmissionSet.patientId");
            }

            ExternalIdentifier(xml, XdmNames.SubmissionUniqueId, "SubmissionSet01", $"{sender.SourceOid}.{now.ToUnixTimeMilliseconds()}", "XDSSubmissionSet.uniqueId");
            ExternalIdentifier(xml, XdmNames.SubmissionSourceId, "SubmissionSet01", sender.SourceOid, "XDSSubmissionSet.sourceId");
            xml.WriteEndElement();
            for (var i = 0; i < documents.Count; i++)
            {
                xml.WriteStartElement("rim", "Association", XdmNames.Rim);
                xml.WriteAttributeString("associationType", XdmNames.HasMember);
                xml.WriteAttributeString("sourceObject", "SubmissionSet01");
                xml.WriteAttributeString("targetObject", $"Document{i + 1:D2}");
                xml.WriteAttributeString("id", $"Association{i + 1:D2}");
                Slot(xml, "SubmissionSetStatus", "Original");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return output.ToArray();
    }

    private static void DocumentEntry(XmlWriter xml, string id, string file, byte[] content, CdaHeader header, DateTimeOffset now)
    {
        xml.WriteStartElement("rim", "ExtrinsicObject", XdmNames.Rim);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("mimeType", "text/xml");
        xml.WriteAttributeString("objectType", XdmNames.DocumentEntry);
        Slot(xml, "creationTime", header.EffectiveTime ?? Hl7Time(now));
        Slot(xml, "hash", Sha1(content));
        Slot(xml, "size", content.Length.ToString(CultureInfo.InvariantCulture));
        Slot(xml, "URI", file);
        Slot(xml, "languageCode", "fr-FR");
        if (header.ServiceStartTime is { } start)
        {
            Slot(xml, "serviceStartTime", start);
        }

        if (header.Patient.XdsPatientId is { } sourcePatient)
        {
            Slot(xml, "sourcePatientId", sourcePatient);
        }

        Name(xml, header.Title ?? header.Code.DisplayName ?? header.Code.Code);
        Classification(xml, XdmNames.TypeCode, id, header.Code.Code, ("codingScheme", header.Code.CodeSystem ?? ""));
        foreach (var author in header.Authors)
        {
            Classification(xml, XdmNames.Author, id, "", ("authorPerson", author));
        }

        if (header.Patient.XdsPatientId is { } patient)
        {
            ExternalIdentifier(xml, XdmNames.DocumentPatientId, id, patient, "XDSDocumentEntry.patientId");
        }

        ExternalIdentifier(xml, XdmNames.DocumentUniqueId, id, header.DocumentId ?? $"{id}.{now.ToUnixTimeMilliseconds()}", "XDSDocumentEntry.uniqueId");
        xml.WriteEndElement();
    }

    private static void Classification(XmlWriter xml, string scheme, string classified, string node, params (string Name, string Value)[] slots)
    {
        xml.WriteStartElement("rim", "Classification", XdmNames.Rim);
        xml.WriteAttributeString("classificationScheme", scheme);
        xml.WriteAttributeString("classifiedObject", classified);
        xml.WriteAttributeString("nodeRepresentation", node);
        xml.WriteAttributeString("id", $"{classified}-{scheme.Substring(9, 8)}-{Guid.NewGuid():N}");
        foreach (var (name, value) in slots)
        {
            Slot(xml, name, value);
        }

        xml.WriteEndElement();
    }

    private static void ExternalIdentifier(XmlWriter xml, string scheme, string registryObject, string value, string name)
    {
        xml.WriteStartElement("rim", "ExternalIdentifier", XdmNames.Rim);
        xml.WriteAttributeString("identificationScheme", scheme);
        xml.WriteAttributeString("registryObject", registryObject);
        xml.WriteAttributeString("value", value);
        xml.WriteAttributeString("id", $"{registryObject}-{scheme.Substring(9, 8)}");
        Name(xml, name);
        xml.WriteEndElement();
    }

    private static void Slot(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("rim", "Slot", XdmNames.Rim);
        xml.WriteAttributeString("name", name);
        xml.WriteStartElement("rim", "ValueList", XdmNames.Rim);
        xml.WriteElementString("rim", "Value", XdmNames.Rim, value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Name(XmlWriter xml, string value)
    {
        xml.WriteStartElement("rim", "Name", XdmNames.Rim);
        xml.WriteStartElement("rim", "LocalizedString", XdmNames.Rim);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static string Hl7Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
