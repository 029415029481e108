using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Mta;

/// <summary>
/// MailKit's SMTP client as the MTA needs it: a refused recipient is recorded rather than failing the message
/// (per-recipient status), and each recipient carries its RFC 3461 NOTIFY, the message its ENVID and RET. ORCPT is
/// MailKit's own (the recipient's address; it offers no hook), and the ORCPT the LPS gave goes into our own reports.
/// </summary>
internal sealed class PeerSmtpClient : SmtpClient
{
    private Dictionary<string, QueuedRecipient> _recipients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The replies to refused recipients of the current message, by address.</summary>
    public Dictionary<string, SmtpResponse> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    private string? _envId;

    /// <summary>Sets the recipients (and their DSN parameters) of the next message.</summary>
    public void Prepare(IReadOnlyList<QueuedRecipient> rows)
    {
        _recipients = rows.ToDictionary(r => r.Recipient, StringComparer.OrdinalIgnoreCase);
        _envId = rows[0].Dsn.EnvId;
        DeliveryStatusNotificationType = rows[0].Dsn.Ret switch
        {
            "FULL" => DeliveryStatusNotificationType.Full,
            "HDRS" => DeliveryStatusNotificationType.HeadersOnly,
            _ => DeliveryStatusNotificationType.Unspecified,
        };
        Refused.Clear();
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) => Refused[mailbox.Address] = response;

    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientAcceptedException();

    protected override string? GetEnvelopeId(MimeMessage message) => _envId;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        if (!_recipients.TryGetValue(mailbox.Address, out var row) || row.Notify is null)
        {
            return null;
        }

        var notify = DeliveryStatusNotification.Never;
        foreach (var item in row.Notify.Split(','))
        {
            notify |= item switch
            {
                "SUCCESS" => DeliveryStatusNotification.Success,
                "FAILURE" => DeliveryStatusNotification.Failure,
                "DELAY" => DeliveryStatusNotification.Delay,
                _ => DeliveryStatusNotification.Never,
            };
        }

        return notify;
    }
}

/// <summary>Every recipient of a message was refused: nothing to send.</summary>
internal sealed class NoRecipientAcceptedException : Exception
{
    public NoRecipientAcceptedException()
        : base("No recipient was accepted.")
    {
    }

    public NoRecipientAcceptedException(string message)
        : base(message)
    {
    }

    public NoRecipientAcceptedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
