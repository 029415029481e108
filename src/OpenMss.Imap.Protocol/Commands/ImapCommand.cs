namespace OpenMss.Imap.Protocol.Commands;

/// <summary>A typed command (RFC 3501 §6, RFC 9051 where they agree, and the extensions we offer).</summary>
public abstract record ImapCommand(string Tag)
{
    /// <summary>The name as the client sent it, upper-cased ("UID FETCH" for UID forms).</summary>
    public abstract string Name { get; }
}

/// <summary>Commands without arguments: CAPABILITY, NOOP, LOGOUT, STARTTLS, CHECK, CLOSE, UNSELECT, EXPUNGE, IDLE, NAMESPACE.</summary>
public sealed record SimpleCommand(string Tag, SimpleVerb Verb) : ImapCommand(Tag)
{
    public override string Name => ImapNames.Text(Verb);
}

/// <param name="InitialResponse">SASL-IR (RFC 4959): base64, "=" for empty, null when absent.</param>
public sealed record AuthenticateCommand(string Tag, string Mechanism, string? InitialResponse) : ImapCommand(Tag)
{
    public override string Name => "AUTHENTICATE";
}

/// <summary>LOGIN is parsed only to be refused (LOGINDISABLED): no password login on the API LPS.</summary>
public sealed record LoginCommand(string Tag) : ImapCommand(Tag)
{
    public override string Name => "LOGIN";
}

/// <summary>SELECT or EXAMINE (read-only), with RFC 7162's CONDSTORE or QRESYNC parameter.</summary>
public sealed record SelectCommand(string Tag, string Mailbox, bool ReadOnly, bool CondStore = false, QresyncParameters? Qresync = null) : ImapCommand(Tag)
{
    public override string Name => ReadOnly ? "EXAMINE" : "SELECT";
}

/// <summary>CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE: one mailbox.</summary>
public sealed record MailboxCommand(string Tag, MailboxVerb Verb, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => ImapNames.Text(Verb);
}

public sealed record RenameCommand(string Tag, string From, string To) : ImapCommand(Tag)
{
    public override string Name => "RENAME";
}

/// <summary>LIST or LSUB; patterns keep their wildcards ("*" and "%").</summary>
/// <param name="Extended">The options of an extended LIST (RFC 5258, RFC 5819), or null for a classic one.</param>
public sealed record ListCommand(string Tag, bool Subscribed, string Reference, string Pattern, bool SpecialUseOnly, ListExtensions? Extended = null) : ImapCommand(Tag)
{
    public override string Name => Subscribed ? "LSUB" : "LIST";

    /// <summary>Every pattern asked for (RFC 5258 §3: several may be given in parentheses).</summary>
    public IReadOnlyList<string> Patterns => Extended is null ? [Pattern] : [Pattern, .. Extended.MorePatterns];
}

/// <summary>
/// An extended LIST's options (RFC 5258 §3): selection SUBSCRIBED and RECURSIVEMATCH (REMOTE is accepted and changes
/// nothing: every mailbox here is local), return SUBSCRIBED and CHILDREN, and STATUS (RFC 5819).
/// </summary>
public sealed record ListExtensions(IReadOnlyList<string> MorePatterns, bool SelectSubscribed, bool RecursiveMatch, bool ReturnSubscribed, IReadOnlyList<StatusItem>? Status);

public sealed record StatusCommand(string Tag, string Mailbox, IReadOnlyList<StatusItem> Items) : ImapCommand(Tag)
{
    public override string Name => "STATUS";
}

public sealed record AppendCommand(string Tag, string Mailbox, IReadOnlyList<string> Flags, DateTimeOffset? Date, byte[] Message) : ImapCommand(Tag)
{
    public override string Name => "APPEND";
}

/// <summary>SEARCH or UID SEARCH.</summary>
/// <param name="Return">ESEARCH result options (RFC 4731: <c>RETURN (MIN MAX COUNT ALL)</c>), null for a classic SEARCH.</param>
public sealed record SearchCommand(string Tag, bool Uid, SearchKey Criteria, IReadOnlySet<SearchReturn>? Return = null) : ImapCommand(Tag)
{
    public override string Name => Uid ? "UID SEARCH" : "SEARCH";
}

/// <summary>SORT or UID SORT (RFC 5256 §3): the messages the criteria find, in the order the sort keys give.</summary>
public sealed record SortCommand(string Tag, bool Uid, IReadOnlyList<SortCriterion> Order, SearchKey Criteria) : ImapCommand(Tag)
{
    public override string Name => Uid ? "UID SORT" : "SORT";
}

/// <param name="ChangedSince">RFC 7162 §3.1.4.1 CHANGEDSINCE: only messages whose modseq is above it.</param>
/// <param name="Vanished">RFC 7162 §3.2.6 VANISHED (UID FETCH with CHANGEDSINCE): the UIDs expunged since, first.</param>
public sealed record FetchCommand(string Tag, bool Uid, SequenceSet Set, IReadOnlyList<FetchItem> Items, ulong? ChangedSince = null, bool Vanished = false) : ImapCommand(Tag)
{
    public override string Name => Uid ? "UID FETCH" : "FETCH";
}

public enum StoreMode
{
    Replace,
    Add,
    Remove,
}

/// <param name="UnchangedSince">RFC 7162 §3.1.3 UNCHANGEDSINCE: messages modified after it are left alone and reported.</param>
public sealed record StoreCommand(string Tag, bool Uid, SequenceSet Set, StoreMode Mode, bool Silent, IReadOnlyList<string> Flags, ulong? UnchangedSince = null) : ImapCommand(Tag)
{
    public override string Name => Uid ? "UID STORE" : "STORE";
}

/// <summary>COPY or MOVE (RFC 6851).</summary>
public sealed record CopyCommand(string Tag, bool Uid, bool Move, SequenceSet Set, string Mailbox) : ImapCommand(Tag)
{
    public override string Name => (Uid ? "UID " : "") + (Move ? "MOVE" : "COPY");
}

/// <summary>UID EXPUNGE (RFC 4315).</summary>
public sealed record UidExpungeCommand(string Tag, SequenceSet Set) : ImapCommand(Tag)
{
    public override string Name => "UID EXPUNGE";
}

public sealed record EnableCommand(string Tag, IReadOnlyList<string> Capabilities) : ImapCommand(Tag)
{
    public override string Name => "ENABLE";
}

/// <summary>ID (RFC 2971): the client's fields, or none for NIL.</summary>
public sealed record IdCommand(string Tag, IReadOnlyDictionary<string, string?> Fields) : ImapCommand(Tag)
{
    public override string Name => "ID";
}

public enum QuotaVerb
{
    GetQuota,
    GetQuotaRoot,
    SetQuota,
}

/// <summary>GETQUOTA root, GETQUOTAROOT mailbox, SETQUOTA root (...) (RFC 9208 §4.2–4.4).</summary>
/// <param name="Argument">The quota root (GETQUOTA, SETQUOTA) or the mailbox (GETQUOTAROOT).</param>
public sealed record QuotaCommand(string Tag, QuotaVerb Verb, string Argument) : ImapCommand(Tag)
{
    public override string Name => Verb.ToString().ToUpperInvariant();
}
