using MimeKit;
using MimeKit.Utils;

namespace OpenMss.Lps;

/// <summary>
/// What every message sent through the API LPS carries (spec §5.1): the BAL as From (the operator refuses any
/// other), X-MSS-NIL with the product reference (ECO.2.4.3), a Date and a Message-ID.
/// </summary>
internal static class MessagePreparation
{
    public const string NilHeader = "X-MSS-NIL";

    public static void Prepare(MimeMessage message, string bal, string? nil, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(nil) || nil!.Length > 64 || nil.Any(c => c < 0x21 || c > 0x7e))
        {
            throw new InvalidOperationException("MssClientOptions.Nil must be the product reference from Convergence (printable ASCII, 1 to 64 characters) to send: X-MSS-NIL is required on every message (ECO.2.4.3).");
        }

        var from = message.From.Mailboxes.ToList();
        if (from.Count == 0)
        {
            message.From.Add(new MailboxAddress(null, bal));
        }
        else if (from.Count > 1 || !string.Equals(from[0].Address, bal, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The From of a message sent from {bal} must be that BAL alone; it is {message.From}.");
        }

        message.Headers.Remove(NilHeader);
        message.Headers.Add(NilHeader, nil);
        if (!message.Headers.Contains(HeaderId.Date))
        {
            message.Date = now;
        }

        if (string.IsNullOrEmpty(message.MessageId))
        {
            message.MessageId = MimeUtils.GenerateMessageId(bal.Substring(bal.LastIndexOf('@') + 1));
        }
    }

    /// <summary>The size the message will have on the wire, to compare with the operator's SIZE before uploading.</summary>
    public static long Measure(MimeMessage message)
    {
        using var counter = new MimeKit.IO.MeasuringStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, counter);
        return counter.Length;
    }
}
