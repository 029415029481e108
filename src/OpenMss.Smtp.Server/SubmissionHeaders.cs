using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Text;

namespace OpenMss.Smtp.Server;

/// <summary>What the scan of a submitted header block found: whether Date and Message-ID are there, and the From fields (unfolded).</summary>
internal sealed record HeaderFacts(bool HasDate, bool HasMessageId, IReadOnlyList<string> From, int Received = 0);

/// <summary>
/// What a submission server adds (RFC 6409 §8): a Received line naming the client, the TLS version and suite and
/// the protocol (RFC 3848 ESMTPSA), never a credential; and Date, Message-ID and From (the sender) when the message
/// has none.
/// </summary>
internal static class SubmissionHeaders
{
    /// <summary>How much of the header block is scanned for Date, Message-ID and From.</summary>
    private const int ScanLimit = 256 * 1024;

    /// <summary>More From fields than this are not kept: one is what RFC 5322 §3.6 allows; the count still refuses.</summary>
    private const int MaxFromFields = 4;

    public static byte[] Prefix(HeaderFacts facts, string sender, string hostName, string clientName, IPAddress? clientAddress, SslProtocols tls, string? cipher, string mailId, DateTimeOffset now)
    {
        var (hasDate, hasMessageId) = (facts.HasDate, facts.HasMessageId);
        var date = DateText(now);
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

        if (facts.From.Count == 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"From: <{sender}>\r\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>
    /// What an MTA adds to a message from another operator: its Received line alone (RFC 5321 §4.4), "for" the
    /// recipient when there is one, with ESMTPS (RFC 3848): the peer was not authenticated by SASL.
    /// </summary>
    public static byte[] RelayPrefix(string hostName, string clientName, IPAddress? clientAddress, SslProtocols tls, string? cipher, string mailId, IReadOnlyList<RecipientDecision> recipients, DateTimeOffset now)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"Received: from {Clean(clientName)} ([{clientAddress}])\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"\tby {hostName} (OpenMSS) with ESMTPS ({TlsName(tls)} {cipher})\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"\tid {mailId}{(recipients.Count == 1 ? $"\r\n\tfor <{recipients[0].Address}>" : "")}; {DateText(now)}\r\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string DateText(DateTimeOffset now) =>
        now.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + now.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);

    /// <summary>The header block, up to the blank line (RFC 5322 §2.2), bounded: Date, Message-ID, and the From fields unfolded.</summary>
    public static HeaderFacts Scan(Stream content)
    {
        var buffer = new byte[(int)Math.Min(ScanLimit, content.Length)];
        content.ReadExactly(buffer);
        content.Position = 0;
        bool date = false, messageId = false;
        var received = 0;
        var from = new List<string>();
        var fromCount = 0;
        StringBuilder? current = null;
        var lineStart = 0;
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != '\n')
            {
                continue;
            }

            var line = buffer.AsSpan(lineStart, i - lineStart).TrimEnd((byte)'\r');
            lineStart = i + 1;
            if (line.IsEmpty)
            {
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                current?.Append(Encoding.Latin1.GetString(line)); // a folded continuation (RFC 5322 §2.2.3)
                continue;
            }

            Close(ref current, from);
            date |= StartsWithIgnoreCase(line, "date:"u8);
            messageId |= StartsWithIgnoreCase(line, "message-id:"u8);
            received += StartsWithIgnoreCase(line, "received:"u8) ? 1 : 0;
            if (StartsWithIgnoreCase(line, "from:"u8) && ++fromCount <= MaxFromFields)
            {
                current = new StringBuilder(Encoding.Latin1.GetString(line["from:"u8.Length..]));
            }
            else if (StartsWithIgnoreCase(line, "from:"u8))
            {
                from.Add(string.Empty); // counted, not kept
            }
        }

        Close(ref current, from);
        return new HeaderFacts(date, messageId, from, received);
    }

    private static void Close(ref StringBuilder? field, List<string> fields)
    {
        if (field is not null)
        {
            fields.Add(field.ToString().Trim());
            field = null;
        }
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
