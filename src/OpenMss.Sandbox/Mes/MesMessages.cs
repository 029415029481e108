using System.Globalization;
using System.Net;
using MimeKit;

namespace OpenMss.Sandbox.Mes;

/// <summary>
/// The messages the stand-in writes as Mon espace santé does: HTML only (spec §8, a known departure from the
/// référentiel), From <c>Prénom Nom &lt;INS@…&gt;</c>; its automatic answer; and its bounce.
/// </summary>
public static class MesMessages
{
    /// <summary>A patient's message (HTML only) to a professional, answering <paramref name="inReplyTo"/> when given.</summary>
    public static MimeMessage FromPatient(MesPatient patient, string domain, string professional, string subject, string html, string? inReplyTo)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("html") { Text = html } };
        message.From.Add(new MailboxAddress(patient.DisplayName, patient.Address(domain)));
        message.To.Add(MailboxAddress.Parse(professional));
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo.Trim('<', '>');
            message.References.Add(message.InReplyTo);
        }

        return message;
    }

    /// <summary>The patient's acknowledgement of a professional's message: what a patient would answer, so that an LPS sees one.</summary>
    public static MimeMessage Acknowledgement(MesPatient patient, string domain, string professional, MimeMessage original)
    {
        var attachments = original.Attachments.Select(a => a is MimePart part ? part.FileName : null).OfType<string>().ToList();
        var listed = attachments.Count == 0 ? "" : " avec " + string.Join(", ", attachments.Select(WebUtility.HtmlEncode));
        var html = $"<html><body><p>Bonjour,</p><p>J'ai bien reçu votre message « {WebUtility.HtmlEncode(original.Subject ?? "")} »{listed}.</p><p>{WebUtility.HtmlEncode(patient.DisplayName)}</p></body></html>";
        return FromPatient(patient, domain, professional, "RE: " + original.Subject, html, original.MessageId);
    }

    /// <summary>The answer of <c>reponse.automatique-test@</c> (spec §8): marked Auto-Submitted so no robot answers it.</summary>
    public static MimeMessage AutomaticAnswer(string address, MailboxAddress asker, MimeMessage original)
    {
        var html = "<html><body><p>Ceci est une réponse automatique de Mon espace santé (bac à sable OpenMSS) : votre message a bien été reçu.</p>"
            + "<p>This is an automatic answer of Mon espace santé (OpenMSS sandbox): your message was received.</p></body></html>";
        var message = new MimeMessage { Subject = "Réponse automatique : " + original.Subject, Body = new TextPart("html") { Text = html } };
        message.From.Add(new MailboxAddress("Mon espace santé", address));
        message.To.Add(asker);
        message.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        if (original.MessageId is { } id)
        {
            message.InReplyTo = id;
        }

        return message;
    }

    /// <summary>
    /// The bounce (RFC 3464, « Undelivered Mail Returned to Sender ») for a message to <paramref name="recipient"/>
    /// that MES refused, carrying the original's header block (the body of an oversized message is not fetched).
    /// </summary>
    public static MimeMessage Bounce(string mailerDaemon, string domain, string sender, string recipient, MimeMessage headers, MesRefusal refusal, DateTimeOffset now)
    {
        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(new HeaderList
        {
            { "Reporting-MTA", "dns; " + domain },
            { "Arrival-Date", MimeKit.Utils.DateUtils.FormatDate(now) },
        });
        status.StatusGroups.Add(new HeaderList
        {
            { "Final-Recipient", "rfc822; " + recipient },
            { "Action", "failed" },
            { "Status", refusal.Status },
            { "Diagnostic-Code", "x-mes; " + refusal.Reason },
        });
        var text = string.Create(CultureInfo.InvariantCulture, $"Message non distribué à <{recipient}> : {refusal.Reason}\r\n");
        var report = new MultipartReport("delivery-status") { new TextPart("plain") { Text = text }, status, new TextRfc822Headers { Message = headers } };
        var bounce = new MimeMessage { Subject = "Undelivered Mail Returned to Sender", Body = report };
        bounce.From.Add(new MailboxAddress("Mail Delivery System", mailerDaemon));
        bounce.To.Add(MailboxAddress.Parse(sender));
        bounce.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        if (headers.MessageId is { } id)
        {
            bounce.InReplyTo = id;
        }

        return bounce;
    }

    /// <summary>The header block of a message the stand-in did not fetch (too large), rebuilt from its IMAP summary.</summary>
    public static MimeMessage HeadersOf(OpenMss.Lps.MssMessageSummary summary, string recipient)
    {
        var headers = new MimeMessage();
        headers.Headers.Clear();
        if (summary.From is { } from)
        {
            headers.From.Add(MailboxAddress.Parse(from));
        }

        headers.To.Add(MailboxAddress.Parse(recipient));
        headers.Subject = summary.Subject ?? "";
        if (summary.Date is { } date)
        {
            headers.Date = date;
        }

        if (summary.MessageId is { } id)
        {
            headers.MessageId = id.Trim('<', '>');
        }

        return headers;
    }

    /// <summary>The header block of a fetched message, without its body (nor the MIME fields that describe it).</summary>
    public static MimeMessage HeadersOf(MimeMessage message)
    {
        var headers = new MimeMessage();
        headers.Headers.Clear();
        foreach (var header in message.Headers.Where(h => !h.Field.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && h.Id != HeaderId.MimeVersion))
        {
            headers.Headers.Add(header.Clone());
        }

        return headers;
    }
}
