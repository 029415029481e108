namespace OpenMss.Lps;

/// <summary>One folder of a BAL: its name (the IMAP path), its RFC 6154 role when it has one, its message and unread counts.</summary>
public sealed record MssFolder(string Name, MssFolderRole Role, int Count, int Unread);

/// <summary>The RFC 6154 special uses a mail client shows apart.</summary>
public enum MssFolderRole
{
    /// <summary>A folder of the professional's own.</summary>
    None,

    /// <summary>The INBOX.</summary>
    Inbox,

    /// <summary>\Sent.</summary>
    Sent,

    /// <summary>\Drafts.</summary>
    Drafts,

    /// <summary>\Trash: where deleting moves a message.</summary>
    Trash,

    /// <summary>\Junk.</summary>
    Junk,

    /// <summary>\Archive.</summary>
    Archive,
}

/// <summary>A page of a folder, newest first, and how many messages the folder (or the search) holds in all.</summary>
public sealed record MssFolderPage(IReadOnlyList<MssMessageSummary> Messages, int Total, int Page, int PageSize)
{
    /// <summary>How many pages the folder (or the search) fills.</summary>
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
