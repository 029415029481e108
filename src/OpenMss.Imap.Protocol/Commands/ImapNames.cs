using System.Collections.Frozen;

namespace OpenMss.Imap.Protocol.Commands;

/// <summary>Commands without arguments (RFC 3501 §6, RFC 2177 IDLE, RFC 2342 NAMESPACE, RFC 3691 UNSELECT, RFC 8437 UNAUTHENTICATE).</summary>
public enum SimpleVerb
{
    Capability,
    Noop,
    Logout,
    StartTls,
    Check,
    Close,
    Unselect,
    Expunge,
    Idle,
    Namespace,
    Unauthenticate,
}

/// <summary>Commands on one mailbox name (RFC 3501 §6.3.3-7).</summary>
public enum MailboxVerb
{
    Create,
    Delete,
    Subscribe,
    Unsubscribe,
}

/// <summary>FETCH data items other than sections (RFC 3501 §6.4.5).</summary>
public enum FetchAttributeName
{
    Flags,
    InternalDate,
    Rfc822Size,
    Envelope,
    Body,
    BodyStructure,
    Uid,
    Rfc822,
    Rfc822Header,
    Rfc822Text,

    /// <summary>RFC 7162 §3.1.4.1.</summary>
    ModSeq,
}

/// <summary>STATUS data items (RFC 3501 §6.3.10, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ).</summary>
public enum StatusItem
{
    Messages,
    Recent,
    UidNext,
    UidValidity,
    Unseen,
    Size,
    HighestModSeq,

    /// <summary>RFC 9208 §4.1.1: messages flagged \Deleted.</summary>
    Deleted,

    /// <summary>RFC 9208 §4.1.2: what EXPUNGE would free, in units of 1024 octets.</summary>
    DeletedStorage,
}

/// <summary>The wire names of the enums above, both ways: the parser reads them once, responses write them.</summary>
public static class ImapNames
{
    private static readonly FrozenDictionary<string, SimpleVerb> SimpleVerbs = Table<SimpleVerb>(Text);
    private static readonly FrozenDictionary<string, MailboxVerb> MailboxVerbs = Table<MailboxVerb>(Text);
    private static readonly FrozenDictionary<string, FetchAttributeName> FetchAttributes = Table<FetchAttributeName>(Text);
    private static readonly FrozenDictionary<string, StatusItem> StatusItems = Table<StatusItem>(Text);

    public static bool TryParse(string upper, out SimpleVerb verb) => SimpleVerbs.TryGetValue(upper, out verb);

    public static bool TryParse(string upper, out MailboxVerb verb) => MailboxVerbs.TryGetValue(upper, out verb);

    public static bool TryParse(string upper, out FetchAttributeName name) => FetchAttributes.TryGetValue(upper, out name);

    public static bool TryParse(string upper, out StatusItem item) => StatusItems.TryGetValue(upper, out item);

    public static string Text(SimpleVerb verb) => verb.ToString().ToUpperInvariant();

    public static string Text(MailboxVerb verb) => verb.ToString().ToUpperInvariant();

    public static string Text(FetchAttributeName name) => name switch
    {
        FetchAttributeName.InternalDate => "INTERNALDATE",
        FetchAttributeName.Rfc822Size => "RFC822.SIZE",
        FetchAttributeName.BodyStructure => "BODYSTRUCTURE",
        FetchAttributeName.Rfc822Header => "RFC822.HEADER",
        FetchAttributeName.Rfc822Text => "RFC822.TEXT",
        _ => name.ToString().ToUpperInvariant(),
    };

    public static string Text(StatusItem item) => item == StatusItem.DeletedStorage ? "DELETED-STORAGE" : item.ToString().ToUpperInvariant();

    private static FrozenDictionary<string, T> Table<T>(Func<T, string> text)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToFrozenDictionary(text, StringComparer.Ordinal);
}
