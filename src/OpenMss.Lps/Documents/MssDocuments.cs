using System.Globalization;
using System.Text;
using MimeKit;
using OpenMss.Xdm;

namespace OpenMss.Lps.Documents;

/// <summary>
/// Health documents in messages (spec §5, §9): CDA R2 documents attached as <c>IHE_XDM.ZIP</c> with the
/// <c>X-MSS-CODECDA</c> and <c>X-MSS-INS</c> headers that feed ANS's indicators, the <c>XDM/1.0/DDM+</c> subject,
/// and the archives of a received message opened and checked.
/// </summary>
public static class MssDocuments
{
    /// <summary>The document types carried (ECO.2.4.1), for ANS's indicators.</summary>
    public const string CodeCdaHeader = "X-MSS-CODECDA";

    /// <summary>Whether the documents carry a qualified INS (ECO.2.4.2).</summary>
    public const string InsHeader = "X-MSS-INS";

    /// <summary>The attachment's name (spec §9).</summary>
    public const string ArchiveName = "IHE_XDM.ZIP";

    /// <summary>ECO.2.1.3: the subject prefix of a message carrying structured documents.</summary>
    public const string DdmPrefix = "XDM/1.0/DDM+";

    /// <summary>
    /// Attaches <paramref name="documents"/> (one patient's CDA R2 documents) as one IHE_XDM.ZIP and sets
    /// X-MSS-CODECDA (each document's code, in order, comma-separated) and X-MSS-INS (<c>O</c> when every document
    /// carries a qualified INS, <c>N</c> otherwise; ECO.2.4.1-2). Returns the documents' headers.
    /// </summary>
    /// <exception cref="XdmException">A document is not CDA, or the documents are not all of one patient.</exception>
    public static IReadOnlyList<CdaHeader> Attach(MimeMessage message, IReadOnlyList<byte[]> documents, XdmSender sender, DateTimeOffset now)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var zip = XdmPackager.Build(documents, sender, now);
        var headers = documents.Select(CdaHeaderReader.Read).ToList();
        var archive = new MimePart("application", "zip")
        {
            Content = new MimeContent(new MemoryStream(zip, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = ArchiveName,
        };
        AddAttachment(message, archive);

        message.Headers.Remove(CodeCdaHeader);
        message.Headers.Remove(InsHeader);
        message.Headers.Add(CodeCdaHeader, string.Join(",", headers.Select(h => h.Code.Code)));
        message.Headers.Add(InsHeader, headers.All(h => h.Patient.Qualified) ? "O" : "N");
        return headers;
    }

    /// <summary>
    /// Attaches <paramref name="pdf"/>, the PDF rendering of a document (ECO.2.1.5: PDF/A-1 generated from the CDA by
    /// the editor's software), next to the IHE_XDM.ZIP under its ECO.2.1.6 name (<see cref="RenderingFileName"/>).
    /// Returns the name.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pdf"/> is not a PDF.</exception>
    public static string AttachRendering(MimeMessage message, byte[] pdf, CdaHeader header, string? fileNumber = null)
    {
        if (message is null || pdf is null || header is null)
        {
            throw new ArgumentNullException(message is null ? nameof(message) : pdf is null ? nameof(pdf) : nameof(header));
        }

        if (pdf.Length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F' || pdf[4] != '-')
        {
            throw new ArgumentException("The rendering is not a PDF (it does not start with %PDF-).", nameof(pdf));
        }

        var name = RenderingFileName(header, fileNumber);
        var part = new MimePart("application", "pdf")
        {
            Content = new MimeContent(new MemoryStream(pdf, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = name,
        };
        AddAttachment(message, part);
        return name;
    }

    /// <summary>Adds <paramref name="part"/> last to the message's multipart/mixed, which wraps the body when there is none.</summary>
    private static void AddAttachment(MimeMessage message, MimePart part)
    {
        if (message.Body is Multipart { ContentType.MediaSubtype: "mixed" } mixed)
        {
            mixed.Add(part);
        }
        else
        {
            message.Body = message.Body is null ? new Multipart("mixed") { part } : new Multipart("mixed") { message.Body, part };
        }
    }

    /// <summary>
    /// ECO.2.1.6: <c>&lt;date de l'acte&gt;_&lt;type de document&gt;_&lt;NOM&gt;_&lt;prénom&gt;_&lt;numéro de dossier&gt;.pdf</c>,
    /// e.g. <c>20220531_CR_d_imagerie_medicale_CORSE_FIGATELLIX.pdf</c>: the act's date (the service event's start,
    /// else the document's), the type's label, the patient's names, in ASCII letters, digits and underscores.
    /// </summary>
    public static string RenderingFileName(CdaHeader header, string? fileNumber = null)
    {
        if (header is null)
        {
            throw new ArgumentNullException(nameof(header));
        }

        var date = header.ServiceStartTime ?? header.EffectiveTime;
        var parts = new[]
        {
            date is { Length: >= 8 } ? date.Substring(0, 8) : null,
            header.Code.DisplayName ?? header.Title ?? header.Code.Code,
            header.Patient.FamilyName?.ToUpperInvariant(),
            header.Patient.GivenName,
            fileNumber,
        };
        return string.Join("_", parts.Select(FileNamePart).Where(p => p.Length > 0)) + ".pdf";
    }

    /// <summary>Accents dropped, every other run of characters that is not an ASCII letter or digit made one underscore.</summary>
    private static string FileNamePart(string? text)
    {
        var folded = new StringBuilder();
        foreach (var c in (text ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var keep = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
            if (keep)
            {
                folded.Append(c);
            }
            else if (folded.Length > 0 && folded[folded.Length - 1] != '_')
            {
                folded.Append('_');
            }
        }

        return folded.ToString().TrimEnd('_');
    }

    /// <summary>ECO.2.1.3: <c>XDM/1.0/DDM+&lt;libellé&gt; &lt;NOM&gt; &lt;prénom&gt; &lt;date de naissance&gt;</c> for a document.</summary>
    public static string DdmSubject(CdaHeader header)
    {
        if (header is null)
        {
            throw new ArgumentNullException(nameof(header));
        }

        var label = header.Title ?? header.Code.DisplayName ?? header.Code.Code;
        var birth = header.Patient.BirthDate is { Length: >= 8 } b
            && DateTime.TryParseExact(b.Substring(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : null;
        var parts = new[] { label, header.Patient.FamilyName?.ToUpperInvariant(), header.Patient.GivenName, birth }.Where(p => !string.IsNullOrWhiteSpace(p));
        return DdmPrefix + string.Join(" ", parts);
    }

    /// <summary>ECO.3.1.3: the subject as an LPS shows it, without the <c>XDM/1.0/DDM+</c> prefix.</summary>
    public static string DisplaySubject(string? subject) =>
        subject is null ? string.Empty
        : subject.StartsWith(DdmPrefix, StringComparison.OrdinalIgnoreCase) ? subject.Substring(DdmPrefix.Length)
        : subject;

    /// <summary>Every IHE_XDM archive attached to <paramref name="message"/>, read and checked (its problems named, never thrown).</summary>
    /// <exception cref="XdmException">An archive cannot be read safely at all (hostile or not a ZIP).</exception>
    public static IReadOnlyList<XdmArchive> Read(MimeMessage message, XdmLimits? limits = null)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var archives = new List<XdmArchive>();
        foreach (var part in message.BodyParts.OfType<MimePart>().Where(IsArchive))
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            content.Position = 0;
            archives.Add(XdmReader.Read(content, limits));
        }

        return archives;
    }

    private static bool IsArchive(MimePart part) =>
        string.Equals(part.FileName, ArchiveName, StringComparison.OrdinalIgnoreCase)
        || (part.ContentType.IsMimeType("application", "zip") && part.FileName?.StartsWith("IHE_XDM", StringComparison.OrdinalIgnoreCase) == true);
}
