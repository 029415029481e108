namespace OpenMss.Storage.Model;

/// <summary>
/// What the lifecycle job and the connections file need of a BAL, read in one pass over all BALs without their users.
/// </summary>
/// <param name="UnpublishedForInactivity">The lifecycle job, not an administrator, unpublished it.</param>
/// <param name="DeletionNoticeDays">The nearest deletion notice already sent, in days before deletion; null if none.</param>
/// <param name="DeletionNoticeAt">When that notice was sent.</param>
public sealed record BalActivity(
    long Id,
    string Address,
    BalType Type,
    string Holder,
    BalStatus Status,
    bool ListeRouge,
    DateTimeOffset Created,
    DateTimeOffset? LastAuthentication,
    bool UnpublishedForInactivity,
    int? DeletionNoticeDays,
    DateTimeOffset? DeletionNoticeAt);
