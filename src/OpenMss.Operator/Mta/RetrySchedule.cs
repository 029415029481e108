namespace OpenMss.Operator.Mta;

/// <summary>
/// When to try a deferred recipient again: the minimal backoff, doubling with each attempt up to the maximal one
/// (Postfix: 5 minutes, then 10, 20, 40, then every 4000 s), until the queue lifetime from its submission is over.
/// </summary>
public sealed class RetrySchedule(MtaOptions options)
{
    /// <param name="attempts">Attempts made before this failure (0 after the first).</param>
    /// <returns>The next attempt, or null when the recipient has been in the queue long enough and fails.</returns>
    public DateTimeOffset? Next(DateTimeOffset created, int attempts, DateTimeOffset now)
    {
        var delay = options.MinimalBackoff;
        for (var i = 0; i < attempts && delay < options.MaximalBackoff; i++)
        {
            delay += delay;
        }

        var next = now + (delay < options.MaximalBackoff ? delay : options.MaximalBackoff);
        return next - created > options.MaximalLifetime ? null : next;
    }
}
