using MimeKit;
using OpenMss.Conformance.Observation;
using OpenMss.Xdm;

namespace OpenMss.Conformance.Relay;

/// <summary>Reads a submitted message into what the header cases judge; the content is dropped once read.</summary>
public static class MessageFacts
{
    /// <summary>The headers the cases read (MSSANTE.md §5.1), kept with every value they have.</summary>
    public static readonly IReadOnlyList<string> Kept =
        ["X-MSS-NIL", "X-MSS-INS", "X-MSS-CODECDA", "X-MSS-MES", "Disposition-Notification-To", "From", "Message-ID"];

    public static SubmittedMessage Read(DateTimeOffset at, string mailFrom, IReadOnlyList<string> recipients, byte[] content, bool dotStuffed)
    {
        var bytes = dotStuffed ? Unstuff(content) : content;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var message = MimeMessage.Load(stream);
            var headers = Kept.ToDictionary(
                name => name,
                name => (IReadOnlyList<string>)[.. message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim())],
                StringComparer.OrdinalIgnoreCase);
            var attachments = message.BodyParts.OfType<MimePart>()
                .Where(p => p.FileName is not null || p.ContentType.IsMimeType("application", "zip"))
                .Select(Attachment)
                .ToList();
            return new SubmittedMessage(at, mailFrom, recipients, bytes.Length, message.Subject, headers, attachments, null);
        }
        catch (FormatException e)
        {
            return new SubmittedMessage(at, mailFrom, recipients, bytes.Length, null, new Dictionary<string, IReadOnlyList<string>>(), [], e.Message);
        }
    }

    private static AttachmentFacts Attachment(MimePart part)
    {
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        var isXdm = part.ContentType.IsMimeType("application", "zip") || string.Equals(part.FileName, "IHE_XDM.ZIP", StringComparison.OrdinalIgnoreCase);
        XdmFacts? xdm = null;
        if (isXdm)
        {
            decoded.Position = 0;
            try
            {
                var archive = XdmReader.Inspect(decoded);
                xdm = new XdmFacts(
                    archive.Problems,
                    [.. archive.Documents.Select(d => d.Header?.Code.Code ?? d.TypeCode ?? "")],
                    [.. archive.Documents.Select(d => d.Header?.Patient.Qualified == true)],
                    [.. archive.Documents.Select(d => d.Header?.Title ?? "")]);
            }
            catch (XdmException e)
            {
                xdm = new XdmFacts([e.Message], [], [], []);
            }
        }

        return new AttachmentFacts(part.FileName, part.ContentType.MimeType, decoded.Length, xdm);
    }

    /// <summary>RFC 5321 §4.5.2: a leading dot was doubled on the wire.</summary>
    private static byte[] Unstuff(byte[] content)
    {
        using var output = new MemoryStream(content.Length);
        var lineStart = true;
        for (var i = 0; i < content.Length; i++)
        {
            if (lineStart && content[i] == (byte)'.' && i + 1 < content.Length && content[i + 1] == (byte)'.')
            {
                i++;
            }

            output.WriteByte(content[i]);
            lineStart = content[i] == (byte)'\n';
        }

        return output.ToArray();
    }
}
