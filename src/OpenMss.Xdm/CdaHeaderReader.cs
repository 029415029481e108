using System.Xml;

namespace OpenMss.Xdm;

/// <summary>
/// Reads the header of a CDA R2 document (namespace <c>urn:hl7-org:v3</c>): <c>code</c>, <c>id</c>, <c>title</c>,
/// <c>effectiveTime</c>, <c>recordTarget/patientRole</c> and the <c>author</c>s. The body is not read. No DTD, no
/// external entity, a size bound; a document that is not CDA is refused with one sentence.
/// </summary>
public static class CdaHeaderReader
{
    public const string Namespace = "urn:hl7-org:v3";

    /// <summary>A CDA document larger than this is refused (a structured document with its embedded PDF stays well below).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <exception cref="XdmException">Not well-formed, not CDA, or too large.</exception>
    public static CdaHeader Read(byte[] document)
    {
        if (document.LongLength > MaxBytes)
        {
            throw new XdmException($"The CDA document is {document.LongLength} bytes, more than the {MaxBytes} accepted.");
        }

        try
        {
            using var stream = new MemoryStream(document, writable: false);
            using var reader = XmlReader.Create(stream, Settings());
            return FromDocument(HeaderOnly(reader));
        }
        catch (XmlException e)
        {
            throw new XdmException($"The CDA document is not well-formed XML: {e.Message}", e);
        }
    }

    /// <summary>Reads the header from an inflating archive entry, which bounds its own size.</summary>
    internal static CdaHeader Read(Stream document)
    {
        try
        {
            using var reader = XmlReader.Create(document, Settings());
            return FromDocument(HeaderOnly(reader));
        }
        catch (XmlException e)
        {
            throw new XdmException($"The CDA document is not well-formed XML: {e.Message}", e);
        }
    }

    /// <summary>
    /// The document with its header elements only: the body (<c>component</c>) is read through, to check it is
    /// well-formed, but never built, so a document carrying megabytes of text costs the memory of its header.
    /// </summary>
    private static XmlDocument HeaderOnly(XmlReader reader)
    {
        var header = new XmlDocument { XmlResolver = null };
        reader.MoveToContent();
        var root = header.CreateElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
        header.AppendChild(root);
        if (reader.IsEmptyElement)
        {
            return header;
        }

        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "component" && reader.NamespaceURI == Namespace)
            {
                reader.Skip();
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                root.AppendChild(header.ReadNode(reader)!);
            }
            else
            {
                reader.Read();
            }
        }

        // Whatever follows the root must still be well-formed (a second root, garbage).
        while (reader.Read())
        {
        }

        return header;
    }

    /// <summary>How every CDA is read here: no DTD, no external entity, bounded in size.</summary>
    public static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit, // no entity expansion, no external entity (XXE)
        XmlResolver = null,
        MaxCharactersInDocument = MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static CdaHeader FromDocument(XmlDocument document)
    {
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("h", Namespace);
        var root = document.DocumentElement;
        if (root is null || root.LocalName != "ClinicalDocument" || root.NamespaceURI != Namespace)
        {
            throw new XdmException($"The document is not a CDA R2 document: its root is {{{root?.NamespaceURI}}}{root?.LocalName}, not {{{Namespace}}}ClinicalDocument.");
        }

        var code = root.SelectSingleNode("h:code", names) as XmlElement;
        if (code?.GetAttribute("code") is not { Length: > 0 } value)
        {
            throw new XdmException("The CDA document has no ClinicalDocument/code: its type is unknown.");
        }

        var id = root.SelectSingleNode("h:id", names) as XmlElement;
        var patientRole = root.SelectSingleNode("h:recordTarget/h:patientRole", names);
        var ins = patientRole?.SelectNodes("h:id", names)?.OfType<XmlElement>()
            .FirstOrDefault(e => CdaPatient.InsOids.Contains(e.GetAttribute("root")) && e.GetAttribute("extension").Length > 0);
        var patient = patientRole?.SelectSingleNode("h:patient", names);
        var name = patient?.SelectSingleNode("h:name", names);
        var authors = root.SelectNodes("h:author/h:assignedAuthor", names)?.OfType<XmlElement>()
            .Select(a => Join(Text(a, "h:assignedPerson/h:name/h:prefix", names), Text(a, "h:assignedPerson/h:name/h:given", names), Text(a, "h:assignedPerson/h:name/h:family", names))
                ?? Text(a, "h:representedOrganization/h:name", names)
                ?? Attribute(a, "h:id", "extension", names))
            .Where(a => a is not null).Select(a => a!).ToList() ?? [];
        return new CdaHeader(
            new CdaCode(value, Empty(code.GetAttribute("codeSystem")), Empty(code.GetAttribute("displayName"))),
            id is null ? null : UniqueId(id),
            Text(root, "h:title", names),
            Attribute(root, "h:effectiveTime", "value", names),
            new CdaPatient(
                Empty(ins?.GetAttribute("extension")),
                Empty(ins?.GetAttribute("root")),
                name is null ? null : Text(name, "h:family", names),
                name is null ? null : Text(name, "h:given", names),
                patient is null ? null : Attribute(patient, "h:birthTime", "value", names),
                patient is null ? null : Attribute(patient, "h:administrativeGenderCode", "code", names)),
            authors,
            Attribute(root, "h:documentationOf/h:serviceEvent/h:effectiveTime/h:low", "value", names));
    }

    /// <summary>An II as XDS writes a uniqueId: <c>root^extension</c>, or the root alone.</summary>
    private static string? UniqueId(XmlElement id) =>
        Empty(id.GetAttribute("root")) is not { } root ? null : Empty(id.GetAttribute("extension")) is { } extension ? root + "^" + extension : root;

    private static string? Text(XmlNode node, string path, XmlNamespaceManager names) => Empty(node.SelectSingleNode(path, names)?.InnerText.Trim());

    private static string? Attribute(XmlNode node, string path, string attribute, XmlNamespaceManager names) =>
        Empty((node.SelectSingleNode(path, names) as XmlElement)?.GetAttribute(attribute));

    private static string? Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return present.Count == 0 ? null : string.Join(" ", present);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
