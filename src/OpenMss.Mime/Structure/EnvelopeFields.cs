using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Structure;

/// <summary>
/// The header fields that describe a message to a mail client: their values as written (unfolded, encoded words
/// kept) and their addresses parsed. An address field is null when absent or holding no address; what a protocol
/// puts in its place (IMAP: From for Sender and Reply-To) is the protocol's rule, not this model's.
/// </summary>
public sealed record EnvelopeFields(
    string? Date,
    string? Subject,
    IReadOnlyList<MailboxAddress>? From,
    IReadOnlyList<MailboxAddress>? Sender,
    IReadOnlyList<MailboxAddress>? ReplyTo,
    IReadOnlyList<MailboxAddress>? To,
    IReadOnlyList<MailboxAddress>? Cc,
    IReadOnlyList<MailboxAddress>? Bcc,
    string? InReplyTo,
    string? MessageId)
{
    public static EnvelopeFields Of(HeaderList headers) => new(
        headers["Date"]?.Unfolded,
        headers["Subject"]?.Unfolded,
        Addresses(headers, "From"),
        Addresses(headers, "Sender"),
        Addresses(headers, "Reply-To"),
        Addresses(headers, "To"),
        Addresses(headers, "Cc"),
        Addresses(headers, "Bcc"),
        headers["In-Reply-To"]?.Unfolded,
        headers["Message-ID"]?.Unfolded);

    private static IReadOnlyList<MailboxAddress>? Addresses(HeaderList headers, string name)
    {
        if (headers[name] is not { } header)
        {
            return null;
        }

        var addresses = AddressParser.Parse(header.Unfolded);
        return addresses.Count == 0 ? null : addresses;
    }
}
