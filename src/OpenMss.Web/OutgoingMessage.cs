using Microsoft.AspNetCore.Http;
using MimeKit;
using OpenMss.Lps.Mes;

namespace OpenMss.Web;

/// <summary>The message a compose form describes, as an LPS would build it: the SDK then adds X-MSS-NIL, Date and Message-ID.</summary>
internal static class OutgoingMessage
{
    /// <exception cref="FormatException">The recipients are not a list of addresses (one sentence for the page).</exception>
    /// <param name="replied">The message answered: In-Reply-To and References follow it (RFC 5322 §3.6.4).</param>
    /// <param name="forwarded">The message forwarded: attached whole as message/rfc822, its attachments and IHE_XDM archives with it.</param>
    public static async Task<MimeMessage> FromFormAsync(IFormCollection form, string bal, MimeMessage? replied, MimeMessage? forwarded, Pages.Lang lang, CancellationToken cancellationToken)
    {
        if (!InternetAddressList.TryParse(form["to"].ToString().Replace(';', ','), out var to) || !to.Mailboxes.Any())
        {
            throw new FormatException(lang.T("Les destinataires ne sont pas des adresses.", "The recipients are not addresses."));
        }

        var message = new MimeMessage { Subject = form["subject"].ToString() };
        message.From.Add(new MailboxAddress(null, bal));
        message.To.AddRange(to.Mailboxes);
        var body = new BodyBuilder { TextBody = form["body"].ToString() };
        foreach (var file in form.Files.Where(f => f.Name == "attachments" && f.Length > 0))
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, cancellationToken);
            body.Attachments.Add(Path.GetFileName(file.FileName), content.ToArray(), ContentType.Parse(string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType));
        }

        if (forwarded is not null)
        {
            body.Attachments.Add(new MessagePart { Message = forwarded, ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) });
        }

        message.Body = body.ToMessageBody();
        if (replied?.MessageId is { } repliedId)
        {
            message.InReplyTo = repliedId;
            message.References.AddRange(replied.References);
            message.References.Add(repliedId);
        }

        if (form["receipt"] == "on")
        {
            message.Headers.Add(HeaderId.DispositionNotificationTo, bal); // RFC 8098
        }

        if (form["fin"] == "on")
        {
            MssPatients.EndExchange(message);
        }

        return message;
    }
}
