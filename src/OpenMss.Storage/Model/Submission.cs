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
    IReadOnlyList<RemoteRecipient> RemoteRecipients,
    IReadOnlyList<IndicatorFields> Indicators)
{
    /// <summary>The envelope's RFC 3461 parameters, kept with each queued recipient.</summary>
    public DsnEnvelope Dsn { get; init; } = DsnEnvelope.None;

    /// <summary>The W3C traceparent of the submitting session, kept with each queued recipient for its delivery's trace.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>A recipient for the inter-operator MTA, with its RFC 3461 NOTIFY (e.g. "FAILURE,DELAY") and ORCPT as given.</summary>
public sealed record RemoteRecipient(string Address, string? Notify = null, string? Orcpt = null);

/// <summary>RFC 3461 §4.3-4.4: ENVID (xtext decoded) and RET (FULL or HDRS).</summary>
public sealed record DsnEnvelope(string? EnvId, string? Ret)
{
    public static DsnEnvelope None { get; } = new(null, null);
}

/// <summary>What the MSSanté headers said for one recipient (spec §5.2); values as found, anomalies flagged.</summary>
public sealed record IndicatorFields(string Recipient, string? Ins, string? CodeCda, string? Nil, string Anomalies);

/// <summary>One row of the indicator file: MAIL_ID, EXPEDITEUR, DESTINATAIRE, DATE, TAILLE (bytes), INS, CODECDA, NIL.</summary>
public sealed record IndicatorRecord(
    string MailId, string Sender, string Recipient, DateTimeOffset Submitted, long Size, string? Ins, string? CodeCda, string? Nil, string Anomalies);

/// <summary>Where a submission landed.</summary>
public sealed record SubmissionResult(string BlobId, long Size, IReadOnlyList<AppendedMessage> Appended);

public sealed record AppendedMessage(long FolderId, uint UidValidity, uint Uid);
