namespace OpenMss.Storage.Model;

/// <summary>A recipient in the outbound queue of the inter-operator MTA.</summary>
/// <param name="Status">pending, delivered or failed.</param>
public sealed record QueuedRecipient(
    long Id, string MailId, string BlobId, string Sender, string Recipient, DateTimeOffset Created, int Attempts, DateTimeOffset NextAttempt, string Status)
{
    /// <summary>The recipient's domain, lower case: what the MTA groups deliveries and counts concurrency by.</summary>
    public string Domain { get; init; } = "";

    public string? Notify { get; init; }

    public string? Orcpt { get; init; }

    public DsnEnvelope Dsn { get; init; } = DsnEnvelope.None;

    /// <summary>The submitting session's W3C traceparent, when it was traced.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The reason of the last failed attempt, as the peer or the network gave it.</summary>
    public string? LastError { get; init; }

    /// <summary>Whether its sender already had a delay report (RFC 3464 "delayed"): one is enough.</summary>
    public bool DelayReported { get; init; }
}
