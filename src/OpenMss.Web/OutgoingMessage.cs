using Microsoft.AspNetCore.Http;
using MimeKit;
using OpenMss.Lps.Mes;

namespace OpenMss.Web;

/// <summary>The message a compose form describes, as an LPS would build it: the SDK then adds X-MSS-NIL, Date and Message-ID.</summary>
internal static class OutgoingMessage
{
    /// <exception cref="FormatException">The recipients are not a list of addresses (one sentence for the page).</exception>
    public static async Task<MimeMessage> FromFormAsync(IFormCollection form, string bal, MimeMessage? original, CancellationToken cancellationToken)
    {
        if (!InternetAddressList.TryParse(form["to"].ToString().Replace(';', ','), out var to) || !to.Mailboxes.Any())
        {
            throw new FormatException("Les destinataires ne sont pas des adresses. / The recipients are not addresses.");
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

        message.Body = body.ToMessageBody();
        if (original?.MessageId is { } replied)
        {
            message.InReplyTo = replied;
            message.References.AddRange(original.References);
            message.References.Add(replied);
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
