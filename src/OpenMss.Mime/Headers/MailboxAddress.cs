namespace OpenMss.Mime.Headers;

/// <summary>
/// An entry of an address list (RFC 5322 §3.4): a mailbox, or the start or end of a group. Strings are as written
/// (encoded words not decoded, as IMAP ENVELOPE reports them); <see cref="DisplayName"/> decodes.
/// </summary>
public sealed record MailboxAddress(string? Name, string? Route, string? LocalPart, string? Domain, AddressKind Kind = AddressKind.Mailbox)
{
    public string? DisplayName => Name is null ? null : EncodedWords.Decode(Name);

    /// <summary>local@domain, or the local part alone when there is no domain.</summary>
    public string? Address => LocalPart is null ? null : Domain is null ? LocalPart : $"{LocalPart}@{Domain}";
}

public enum AddressKind
{
    Mailbox,
    GroupStart,
    GroupEnd,
}
