using MimeKit;

namespace OpenMss.Lps.Notifications;

/// <summary>
/// Reports about messages (spec §8, §9): read receipts (RFC 8098 MDN) and the CI-SIS processing notification of a
/// BAL APP that integrates documents, built to send; and received MDNs and DSNs (RFC 3464) parsed into
/// <see cref="MssNotification"/>.
/// </summary>
public static class MssNotifications
{
    /// <summary>The subject prefix of a processing error (CI-SIS PFI): <c>[KO Intégration système !][code] </c>.</summary>
    public const string ErrorSubjectPrefix = "[KO Intégration système !]";

    /// <summary>
    /// A read receipt (RFC 8098 "displayed") from <paramref name="bal"/> for <paramref name="original"/>, to the
    /// address its Disposition-Notification-To names.
    /// </summary>
    /// <exception cref="InvalidOperationException">The original asked for no read receipt.</exception>
    public static MimeMessage ReadReceipt(MimeMessage original, string bal, string reportingUa) =>
        Build(original, bal, reportingUa, "manual-action/MDN-sent-manually; displayed", "Lu : ",
            "Votre message a été affiché par son destinataire. / Your message was displayed by its recipient.", includeOriginal: false);

    /// <summary>
    /// The CI-SIS notification of a BAL APP that processed <paramref name="original"/>'s documents: <c>processed</c>,
    /// or <c>processed/Error: code^label</c> with the error subject prefix, the original message attached.
    /// </summary>
    public static MimeMessage ProcessingNotification(MimeMessage original, string bal, string reportingUa, string? errorCode = null, string? errorLabel = null)
    {
        var failed = errorCode is not null;
        var disposition = "automatic-action/MDN-sent-automatically; processed" + (failed ? $"/Error: {errorCode}^{errorLabel}" : "");
        var prefix = failed ? $"{ErrorSubjectPrefix}[{errorCode}] " : "Traité : ";
        var text = failed
            ? $"Les documents n'ont pas pu être intégrés : {errorCode} {errorLabel}. / The documents could not be integrated."
            : "Les documents ont été intégrés. / The documents were integrated.";
        return Build(original, bal, reportingUa, disposition, prefix, text, includeOriginal: true);
    }

    /// <summary>What a received message reports, or null when it is no MDN or DSN.</summary>
    public static MssNotification? Parse(MimeMessage message)
    {
        if (message?.Body is not MultipartReport report)
        {
            return null;
        }

        var original = report.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => id is not null);
        if (report.OfType<MessageDeliveryStatus>().FirstOrDefault() is { } status)
        {
            // A trailing blank line leaves an empty group in some reports (MimeKit's own among them): only groups with fields count.
            var recipients = status.StatusGroups.Skip(1).Where(g => g.Count > 0)
                .Select(g => new MssRecipientReport(Address(g["Final-Recipient"]) ?? "", g["Action"]?.Trim().ToLowerInvariant() ?? "", g["Status"]?.Trim(), g["Diagnostic-Code"]?.Trim()))
                .ToList();
            var kind = recipients.Any(r => r.Action == "failed") ? MssNotificationKind.Failed
                : recipients.Any(r => r.Action == "delayed") ? MssNotificationKind.Delayed
                : recipients.Count > 0 ? MssNotificationKind.Delivered
                : MssNotificationKind.Other;
            return new MssNotification(kind, original, recipients);
        }

        if (report.OfType<MessageDispositionNotification>().FirstOrDefault() is { } mdn)
        {
            var disposition = mdn.Fields["Disposition"] ?? "";
            var type = disposition.Split(';').Skip(1).FirstOrDefault()?.Trim() ?? "";
            var originalId = mdn.Fields["Original-Message-ID"]?.Trim().Trim('<', '>') ?? original;
            if (type.StartsWith("processed/Error:", StringComparison.OrdinalIgnoreCase))
            {
                var detail = type.Substring("processed/Error:".Length).Trim();
                var caret = detail.IndexOf('^');
                return new MssNotification(MssNotificationKind.ProcessingError, originalId, [], caret < 0 ? detail : detail.Substring(0, caret), caret < 0 ? null : detail.Substring(caret + 1));
            }

            var kind = type.ToLowerInvariant() switch
            {
                "displayed" => MssNotificationKind.Displayed,
                "processed" => MssNotificationKind.Processed,
                "deleted" => MssNotificationKind.Deleted,
                _ => MssNotificationKind.Other,
            };
            return new MssNotification(kind, originalId, []);
        }

        return null;
    }

    private static MimeMessage Build(MimeMessage original, string bal, string reportingUa, string disposition, string subjectPrefix, string text, bool includeOriginal)
    {
        if (original is null)
        {
            throw new ArgumentNullException(nameof(original));
        }

        var to = original.Headers[HeaderId.DispositionNotificationTo];
        var target = to is not null && InternetAddressList.TryParse(to, out var list) ? list.Mailboxes.FirstOrDefault() : original.From.Mailboxes.FirstOrDefault();
        if (target is null || (to is null && !includeOriginal))
        {
            throw new InvalidOperationException("The message asked for no read receipt (no Disposition-Notification-To).");
        }

        var notification = new MessageDispositionNotification();
        notification.Fields.Add("Reporting-UA", reportingUa);
        notification.Fields.Add("Final-Recipient", "rfc822;" + bal);
        if (original.MessageId is { } id)
        {
            notification.Fields.Add("Original-Message-ID", "<" + id + ">");
        }

        notification.Fields.Add("Disposition", disposition);
        var report = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = text }, notification };
        if (includeOriginal)
        {
            report.Add(new MessagePart { Message = original });
        }

        var subject = original.Subject ?? "";
        var message = new MimeMessage { Subject = subjectPrefix + subject, Body = report };
        message.From.Add(new MailboxAddress(null, bal));
        message.To.Add(target);
        message.Headers.Add(HeaderId.AutoSubmitted, includeOriginal ? "auto-replied" : "no");
        if (original.MessageId is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo;
        }

        return message;
    }

    private static string? Address(string? field)
    {
        if (field is null)
        {
            return null;
        }

        var semicolon = field.IndexOf(';');
        return (semicolon < 0 ? field : field.Substring(semicolon + 1)).Trim();
    }
}
