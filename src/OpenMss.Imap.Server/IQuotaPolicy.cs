namespace OpenMss.Imap.Server;

/// <summary>
/// A BAL's quota as the operator decides it (RFC 9208): what it holds and its limits. The IMAP server only reports
/// it and refuses what would go over it; the limits are the operator's rules.
/// </summary>
public interface IQuotaPolicy
{
    Task<QuotaState> GetAsync(long balId, CancellationToken cancellationToken);
}

/// <summary>Usage and limits of one BAL; a limit of 0 is none.</summary>
/// <param name="StorageUsed">Octets held over all the BAL's folders.</param>
/// <param name="StorageLimit">Octets allowed (RFC 9208 STORAGE), 0 for no limit.</param>
/// <param name="MessagesUsed">Messages held over all the BAL's folders.</param>
/// <param name="MessagesLimit">Messages allowed (RFC 9208 MESSAGE), 0 for no limit.</param>
public sealed record QuotaState(long StorageUsed, long StorageLimit, long MessagesUsed, long MessagesLimit)
{
    /// <summary>Whether <paramref name="messages"/> more messages of <paramref name="octets"/> octets in all stay within every limit.</summary>
    public bool Allows(long octets, long messages) =>
        (StorageLimit == 0 || StorageUsed + octets <= StorageLimit) && (MessagesLimit == 0 || MessagesUsed + messages <= MessagesLimit);

    /// <summary>At a limit already: no further message fits, however small.</summary>
    public bool IsFull => !Allows(1, 1);

    public bool HasLimits => StorageLimit > 0 || MessagesLimit > 0;
}
