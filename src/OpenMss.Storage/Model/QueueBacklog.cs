namespace OpenMss.Storage.Model;

/// <summary>The recipients waiting in the outbound queue, and when the oldest of them was queued (null when none).</summary>
public sealed record QueueBacklog(long Pending, DateTimeOffset? OldestCreated);
