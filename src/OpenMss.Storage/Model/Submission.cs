namespace OpenMss.Storage.Model;

/// <summary>
/// One submitted message as the store records it in one transaction: its bytes once, a message in the INBOX of each
/// local recipient, a queue entry for each recipient in another domain of the trust space, and an indicator row per
/// recipient.
/// </summary>
public sealed record Submission(
    string MailId,
    string Sender,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<long> InboxFolderIds,
    IReadOnlyList<string> RemoteRecipients,
    IReadOnlyList<IndicatorFields> Indicators);

/// <summary>What the MSSanté headers said for one recipient (spec §5.2); values as found, anomalies flagged.</summary>
public sealed record IndicatorFields(string Recipient, string? Ins, string? CodeCda, string? Nil, string Anomalies);

/// <summary>One row of the indicator file: MAIL_ID, EXPEDITEUR, DESTINATAIRE, DATE, TAILLE (bytes), INS, CODECDA, NIL.</summary>
public sealed record IndicatorRecord(
    string MailId, string Sender, string Recipient, DateTimeOffset Submitted, long Size, string? Ins, string? CodeCda, string? Nil, string Anomalies);

/// <summary>Where a submission landed.</summary>
public sealed record SubmissionResult(string BlobId, long Size, IReadOnlyList<AppendedMessage> Appended);

public sealed record AppendedMessage(long FolderId, uint UidValidity, uint Uid);

/// <summary>A recipient waiting in the outbound queue for the inter-operator MTA.</summary>
public sealed record QueuedRecipient(
    long Id, string MailId, string BlobId, string Sender, string Recipient, DateTimeOffset Created, int Attempts, DateTimeOffset NextAttempt, string Status);
