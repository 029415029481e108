namespace OpenMss.Lps.Notifications;

/// <summary>What a received report says happened to a message sent earlier.</summary>
public enum MssNotificationKind
{
    /// <summary>A DSN (RFC 3464) saying it was delivered.</summary>
    Delivered,

    /// <summary>A DSN saying it could not be delivered to at least one recipient.</summary>
    Failed,

    /// <summary>A DSN saying it is still being retried.</summary>
    Delayed,

    /// <summary>An MDN (RFC 8098): the recipient displayed it (a read receipt).</summary>
    Displayed,

    /// <summary>An MDN from a BAL APP that integrated its documents (CI-SIS: processed).</summary>
    Processed,

    /// <summary>An MDN from a BAL APP that could not integrate them (CI-SIS: processed/Error: code^label).</summary>
    ProcessingError,

    /// <summary>An MDN saying it was deleted unread.</summary>
    Deleted,

    /// <summary>A report of another kind (dispatched, other dispositions).</summary>
    Other,
}

/// <summary>One recipient of a DSN: its address, the action (failed, delayed, delivered…), the status and what the server said.</summary>
public sealed record MssRecipientReport(string Recipient, string Action, string? Status, string? Diagnostic);

/// <summary>A report parsed: its kind, the message it is about, and its details.</summary>
/// <param name="Kind">What the report says happened.</param>
/// <param name="OriginalMessageId">The Message-ID of the message reported on, when the report gives it.</param>
/// <param name="Recipients">For a DSN, each recipient reported on.</param>
/// <param name="ErrorCode">For a CI-SIS processing error, its code (900-905…).</param>
/// <param name="ErrorLabel">…and its label.</param>
public sealed record MssNotification(MssNotificationKind Kind, string? OriginalMessageId, IReadOnlyList<MssRecipientReport> Recipients, string? ErrorCode = null, string? ErrorLabel = null);
