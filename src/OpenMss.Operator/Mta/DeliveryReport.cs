using System.Globalization;
using System.Text;
using OpenMss.Operator.Mssante;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Mta;

/// <summary>One failed recipient of a report, with what the last attempt met.</summary>
public sealed record FailedRecipient(QueuedRecipient Row, PeerOutcome Outcome);

/// <summary>
/// An RFC 3464 delivery status notification for recipients that failed (or, as a delay report, are still retried): <c>multipart/report;
/// report-type=delivery-status</c> (RFC 6522) with a human-readable part in French and English, the
/// machine-readable per-recipient fields, and the original message's header (RET=HDRS or none) or the whole message
/// (RET=FULL). It is sent with the null sender, marked Auto-Submitted (RFC 3834) so no one answers it.
/// </summary>
public static class DeliveryReport
{
    /// <summary>The original header block is cut beyond this (a report carries headers, not a second message).</summary>
    private const int MaxHeaderBytes = 256 * 1024;

    /// <param name="retryUntil">For a delay report ("delayed"): when the recipients will fail if still not delivered; null for a failure report.</param>
    public static byte[] Build(string reportingMta, string sender, IReadOnlyList<FailedRecipient> failed, Stream original, DateTimeOffset now, string reportId, DateTimeOffset? retryUntil = null)
    {
        var delayed = retryUntil is not null;
        var first = failed[0].Row;
        var boundary = "=_report_" + reportId;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"From: Mail Delivery System <MAILER-DAEMON@{reportingMta}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: <{sender}>\r\n");
        text.Append(delayed
            ? "Subject: =?utf-8?Q?Message_retard=C3=A9_/_Delayed_Mail_=28still_being_retried=29?=\r\n"
            : "Subject: =?utf-8?Q?Message_non_remis_/_Undelivered_Mail_Returned_to_Sender?=\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {Rfc5322Date.Format(now)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Message-ID: <{reportId}@{reportingMta}>\r\n");
        text.Append("Auto-Submitted: auto-replied\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/report; report-type=delivery-status; boundary=\"{boundary}\"\r\n\r\n");
        text.Append("This is a delivery status notification (RFC 3464).\r\n\r\n");

        text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        if (delayed)
        {
            text.Append(CultureInfo.InvariantCulture, $"Votre message n'a pas encore pu être remis aux destinataires suivants (serveur {reportingMta}) ; de nouveaux essais auront lieu jusqu'au {Rfc5322Date.Format(retryUntil!.Value)}. Vous n'avez rien à faire.\r\n");
            text.Append("Your message has not been delivered yet to the following recipients; it will be retried. No action is needed.\r\n\r\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Votre message n'a pas pu être remis aux destinataires suivants (serveur {reportingMta}).\r\n");
            text.Append("Your message could not be delivered to the following recipients.\r\n\r\n");
        }
        foreach (var recipient in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"<{recipient.Row.Recipient}>: {Ascii(recipient.Outcome.Reply)}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\r\n--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Reporting-MTA: dns; {reportingMta}\r\n");
        if (first.Dsn.EnvId is { } envId)
        {
            text.Append(CultureInfo.InvariantCulture, $"Original-Envelope-Id: {Smtp.Protocol.XText.Encode(envId)}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Arrival-Date: {Rfc5322Date.Format(first.Created)}\r\n");
        foreach (var recipient in failed)
        {
            text.Append("\r\n");
            if (recipient.Row.Orcpt is { } orcpt)
            {
                var semicolon = orcpt.IndexOf(';', StringComparison.Ordinal);
                text.Append(CultureInfo.InvariantCulture, $"Original-Recipient: {orcpt[..semicolon]};{Smtp.Protocol.XText.Encode(orcpt[(semicolon + 1)..])}\r\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"Final-Recipient: rfc822; {recipient.Row.Recipient}\r\n");
            text.Append(delayed ? "Action: delayed\r\n" : "Action: failed\r\n");
            text.Append(CultureInfo.InvariantCulture, $"Status: {recipient.Outcome.Status}\r\n");
            // RFC 3464 §2.3.5-6: the remote MTA and an "smtp" diagnostic only when a peer answered; else our own words.
            if (recipient.Outcome is { Answered: true, RemoteMta: { } remote })
            {
                text.Append(CultureInfo.InvariantCulture, $"Remote-MTA: dns; {remote}\r\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"Diagnostic-Code: {(recipient.Outcome.Answered ? "smtp" : "x-openmss")}; {Ascii(recipient.Outcome.Reply)}\r\n");
            text.Append(CultureInfo.InvariantCulture, $"Last-Attempt-Date: {Rfc5322Date.Format(now)}\r\n");
            if (delayed)
            {
                text.Append(CultureInfo.InvariantCulture, $"Will-Retry-Until: {Rfc5322Date.Format(retryUntil!.Value)}\r\n");
            }
        }

        var full = first.Dsn.Ret == "FULL";
        text.Append(CultureInfo.InvariantCulture, $"\r\n--{boundary}\r\n");
        text.Append(full ? "Content-Type: message/rfc822\r\nContent-Description: Undelivered message\r\n\r\n" : "Content-Type: text/rfc822-headers\r\nContent-Description: Undelivered message headers\r\n\r\n");
        using var output = new MemoryStream();
        output.Write(Encoding.UTF8.GetBytes(text.ToString()));
        CopyOriginal(original, output, full);
        output.Write(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n"));
        return output.ToArray();
    }

    /// <summary>The whole message, or its header block up to the blank line (bounded).</summary>
    private static void CopyOriginal(Stream original, MemoryStream output, bool full)
    {
        if (full)
        {
            original.CopyTo(output);
            return;
        }

        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = original.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
        output.Write(buffer, 0, end < 0 ? length : end + 2);
    }

    /// <summary>Report fields are ASCII (RFC 3464 §2.1): anything else a peer said becomes '?'.</summary>
    private static string Ascii(string value) => new([.. value.ReplaceLineEndings(" ").Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
