using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Imap;

/// <summary>
/// IMAP ENVELOPE (RFC 3501 §7.4.2): date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id.
/// Strings are the header values as written (unfolded, encoded words kept); sender and reply-to default to from.
/// </summary>
public static class EnvelopeWriter
{
    public static string Write(MimeEntity message)
    {
        var output = new ImapOutput();
        Write(output, message.Headers);
        return output.ToString();
    }

    public static void Write(ImapOutput output, HeaderList headers)
    {
        var from = Addresses(headers, "From");
        output.Open();
        output.NString(Value(headers, "Date")).Space();
        output.NString(Value(headers, "Subject")).Space();
        AddressList(output, from).Space();
        AddressList(output, Addresses(headers, "Sender") ?? from).Space();
        AddressList(output, Addresses(headers, "Reply-To") ?? from).Space();
        AddressList(output, Addresses(headers, "To")).Space();
        AddressList(output, Addresses(headers, "Cc")).Space();
        AddressList(output, Addresses(headers, "Bcc")).Space();
        output.NString(Value(headers, "In-Reply-To")).Space();
        output.NString(Value(headers, "Message-ID"));
        output.Close();
    }

    private static string? Value(HeaderList headers, string name) => headers[name]?.Unfolded;

    /// <summary>The entries of a field; null when the field is absent or holds no address (so defaults apply).</summary>
    private static IReadOnlyList<MailboxAddress>? Addresses(HeaderList headers, string name)
    {
        if (headers[name] is not { } header)
        {
            return null;
        }

        var addresses = AddressParser.Parse(header.Unfolded);
        return addresses.Count == 0 ? null : addresses;
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
