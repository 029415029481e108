namespace OpenMss.Storage.Model;

/// <summary>RFC 6154 special-use attribute of a folder.</summary>
public enum SpecialUse
{
    None,
    All,
    Archive,
    Drafts,
    Flagged,
    Junk,
    Sent,
    Trash,
}
