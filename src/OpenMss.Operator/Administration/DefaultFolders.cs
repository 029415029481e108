using OpenMss.Storage.Model;

namespace OpenMss.Operator.Administration;

/// <summary>The folders every BAL starts with: INBOX and the RFC 6154 special-use folders mail clients expect.</summary>
public static class DefaultFolders
{
    public static readonly IReadOnlyList<NewFolder> All =
    [
        new("INBOX"),
        new("Sent", SpecialUse.Sent),
        new("Drafts", SpecialUse.Drafts),
        new("Trash", SpecialUse.Trash),
        new("Junk", SpecialUse.Junk),
        new("Archive", SpecialUse.Archive),
    ];
}
