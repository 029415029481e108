namespace OpenMss.Storage.Model;

public enum QueueOutcome
{
    /// <summary>The peer took it (250 after its data): the row is finished.</summary>
    Delivered,

    /// <summary>A temporary failure: one more attempt counted, the next at <see cref="QueueUpdate.At"/>, the lease released.</summary>
    Deferred,

    /// <summary>A permanent failure (or retries exhausted): the row is finished.</summary>
    Failed,
}

/// <summary>What became of one claimed recipient.</summary>
/// <param name="At">When it finished (delivered, failed), or its next attempt (deferred).</param>
/// <param name="Error">The reason of a deferral or failure, as the peer or the network gave it.</param>
/// <param name="DelayReported">With a deferral: its sender has now had a delay report.</param>
public sealed record QueueUpdate(long Id, QueueOutcome Outcome, DateTimeOffset At, string? Error = null, bool DelayReported = false);
