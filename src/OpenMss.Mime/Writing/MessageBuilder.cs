using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenMss.Mime.Writing;

/// <summary>
/// Composes a message: text and/or HTML (multipart/alternative), attachments (multipart/mixed), any extra headers
/// (X-MSS-*). Output is CRLF, every line at most 78 characters, and deterministic: the same inputs and
/// <see cref="BoundarySeed"/> give the same bytes.
/// </summary>
public sealed class MessageBuilder
{
    public MessageAddress? From { get; set; }

    public List<MessageAddress> To { get; } = [];

    public List<MessageAddress> Cc { get; } = [];

    public string? Subject { get; set; }

    public DateTimeOffset Date { get; set; } = DateTimeOffset.UtcNow;

    public string? MessageId { get; set; }

    public string? InReplyTo { get; set; }

    /// <summary>Further fields in order, e.g. X-MSS-NIL; values must be ASCII (encoded otherwise).</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    public string? Text { get; set; }

    public string? Html { get; set; }

    public List<MessageAttachment> Attachments { get; } = [];

    /// <summary>Makes the boundaries; change it to change them, keep it for identical output.</summary>
    public string BoundarySeed { get; set; } = "openmss";

    public byte[] Build()
    {
        var output = new StringBuilder();
        if (From is { } from)
        {
            Field(output, "From", HeaderEncoder.AddressList([from], "From".Length));
        }

        if (To.Count > 0)
        {
            Field(output, "To", HeaderEncoder.AddressList(To, "To".Length));
        }

        if (Cc.Count > 0)
        {
            Field(output, "Cc", HeaderEncoder.AddressList(Cc, "Cc".Length));
        }

        if (Subject is not null)
        {
            Field(output, "Subject", HeaderEncoder.Text(Subject, "Subject".Length));
        }

        Field(output, "Date", Date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + Date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        if (MessageId is not null)
        {
            Field(output, "Message-ID", $"<{MessageId.Trim('<', '>')}>");
        }

        if (InReplyTo is not null)
        {
            Field(output, "In-Reply-To", $"<{InReplyTo.Trim('<', '>')}>");
        }

        foreach (var (name, value) in Headers)
        {
            Field(output, name, HeaderEncoder.Text(value, name.Length));
        }

        Field(output, "MIME-Version", "1.0");
        var counter = 0;
        WriteBody(output, ref counter);
        return Encoding.ASCII.GetBytes(output.ToString());
    }

    private void WriteBody(StringBuilder output, ref int counter)
    {
        var parts = new List<Action<StringBuilder>>();
        if (Text is not null || Html is not null || Attachments.Count == 0)
        {
            var index = counter++;
            parts.Add(part => WriteTextParts(part, index));
        }

        foreach (var attachment in Attachments)
        {
            parts.Add(part => WriteAttachment(part, attachment));
        }

        if (parts.Count == 1)
        {
            parts[0](output);
            return;
        }

        var boundary = Boundary(counter++);
        Field(output, "Content-Type", $"multipart/mixed;\r\n boundary=\"{boundary}\"");
        output.Append("\r\n");
        foreach (var part in parts)
        {
            output.Append("--").Append(boundary).Append("\r\n");
            part(output);
            output.Append("\r\n");
        }

        output.Append("--").Append(boundary).Append("--\r\n");
    }

    private void WriteTextParts(StringBuilder output, int index)
    {
        if (Text is not null && Html is not null)
        {
            var boundary = Boundary(100 + index);
            Field(output, "Content-Type", $"multipart/alternative;\r\n boundary=\"{boundary}\"");
            output.Append("\r\n--").Append(boundary).Append("\r\n");
            WriteText(output, "plain", Text);
            output.Append("\r\n--").Append(boundary).Append("\r\n");
            WriteText(output, "html", Html);
            output.Append("\r\n--").Append(boundary).Append("--\r\n");
            return;
        }

        WriteText(output, Html is null ? "plain" : "html", Html ?? Text ?? "");
    }

    private static void WriteText(StringBuilder output, string subtype, string text)
    {
        var (encoding, body) = BodyEncoder.Text(text);
        Field(output, "Content-Type", $"text/{subtype}; charset=utf-8");
        Field(output, "Content-Transfer-Encoding", encoding);
        output.Append("\r\n").Append(body);
    }

    private static void WriteAttachment(StringBuilder output, MessageAttachment attachment)
    {
        Field(output, "Content-Type", $"{attachment.MediaType};\r\n {HeaderEncoder.Parameter("name", attachment.FileName)}");
        Field(output, "Content-Disposition", $"{(attachment.Inline ? "inline" : "attachment")};\r\n {HeaderEncoder.Parameter("filename", attachment.FileName)}");
        if (attachment.ContentId is not null)
        {
            Field(output, "Content-ID", $"<{attachment.ContentId.Trim('<', '>')}>");
        }

        Field(output, "Content-Transfer-Encoding", "base64");
        output.Append("\r\n").Append(BodyEncoder.Base64(attachment.Content));
    }

    private string Boundary(int index) =>
        "=_openmss_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{BoundarySeed}/{index}")))[..24];

    private static void Field(StringBuilder output, string name, string value) =>
        output.Append(name).Append(": ").Append(value).Append("\r\n");
}
