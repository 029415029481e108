using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Text;

namespace OpenMss.Smtp.Server;

/// <summary>
/// What a submission server adds (RFC 6409 §8): a Received line naming the client, the TLS version and suite and
/// the protocol (RFC 3848 ESMTPSA), never a credential; and Date and Message-ID when the message has none.
/// </summary>
internal static class SubmissionHeaders
{
    /// <summary>How much of the header block is scanned for Date and Message-ID.</summary>
    private const int ScanLimit = 256 * 1024;

    public static byte[] Prefix(Stream content, string hostName, string clientName, IPAddress? clientAddress, SslProtocols tls, string? cipher, string mailId, DateTimeOffset now)
    {
        var (hasDate, hasMessageId) = ScanHeaders(content);
        var date = now.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + now.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Received: from {Clean(clientName)} ([{clientAddress}])\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"\tby {hostName} (OpenMSS) with ESMTPSA ({TlsName(tls)} {cipher})\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"\tid {mailId}; {date}\r\n");
        if (!hasDate)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Date: {date}\r\n");
        }

        if (!hasMessageId)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Message-ID: <{mailId}@{hostName}>\r\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>Field names of the header block, up to the blank line (RFC 5322 §2.2), bounded.</summary>
    private static (bool Date, bool MessageId) ScanHeaders(Stream content)
    {
        var buffer = new byte[(int)Math.Min(ScanLimit, content.Length)];
        content.ReadExactly(buffer);
        content.Position = 0;
        bool date = false, messageId = false;
        var lineStart = 0;
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != '\n')
            {
                continue;
            }

            var line = buffer.AsSpan(lineStart, i - lineStart).TrimEnd((byte)'\r');
            if (line.IsEmpty)
            {
                break;
            }

            date |= StartsWithIgnoreCase(line, "date:"u8);
            messageId |= StartsWithIgnoreCase(line, "message-id:"u8);
            lineStart = i + 1;
        }

        return (date, messageId);
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.Length >= prefix.Length && Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix);

    /// <summary>The EHLO name goes into a header: only a conservative set of characters is kept.</summary>
    private static string Clean(string name) =>
        new(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '[' or ']' or ':').Take(255).ToArray());

    private static string TlsName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS1.3",
        SslProtocols.Tls12 => "TLS1.2",
        _ => protocol.ToString(),
    };
}
