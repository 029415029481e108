using OpenMss.Mime;
using OpenMss.Mime.Headers;
using OpenMss.Mime.Structure;

namespace OpenMss.Imap.Protocol.Responses;

/// <summary>
/// IMAP ENVELOPE (RFC 3501 §7.4.2): date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id,
/// from the MIME engine's <see cref="EnvelopeFields"/>; sender and reply-to default to from.
/// </summary>
public static class EnvelopeWriter
{
    /// <summary>The ENVELOPE of a parsed message, as text (tools and tests).</summary>
    public static string Write(MimeEntity message)
    {
        var output = new ImapOutput();
        Write(output, EnvelopeFields.Of(message.Headers));
        return output.ToString();
    }

    public static void Write(ImapOutput output, EnvelopeFields envelope)
    {
        output.Open();
        output.NString(envelope.Date).Space();
        output.NString(envelope.Subject).Space();
        AddressList(output, envelope.From).Space();
        AddressList(output, envelope.Sender ?? envelope.From).Space();
        AddressList(output, envelope.ReplyTo ?? envelope.From).Space();
        AddressList(output, envelope.To).Space();
        AddressList(output, envelope.Cc).Space();
        AddressList(output, envelope.Bcc).Space();
        output.NString(envelope.InReplyTo).Space();
        output.NString(envelope.MessageId);
        output.Close();
    }

    private static ImapOutput AddressList(ImapOutput output, IReadOnlyList<MailboxAddress>? addresses)
    {
        if (addresses is null)
        {
            return output.Nil();
        }

        output.Open();
        foreach (var address in addresses)
        {
            output.Open();
            switch (address.Kind)
            {
                case AddressKind.GroupStart:
                    output.Nil().Space().Nil().Space().NString(address.Name ?? "").Space().Nil();
                    break;
                case AddressKind.GroupEnd:
                    output.Nil().Space().Nil().Space().Nil().Space().Nil();
                    break;
                default:
                    output.NString(address.Name).Space().NString(address.Route).Space().NString(address.LocalPart).Space().NString(address.Domain);
                    break;
            }

            output.Close();
        }

        return output.Close();
    }
}
