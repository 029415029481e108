using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>What SMTP submission writes: the message, its local deliveries, its queue entries and its indicators.</summary>
public interface ISubmissionStore
{
    /// <summary>
    /// Records a submission in one transaction; returns only once everything is durable, so the caller may then
    /// acknowledge it. On failure nothing of it is visible.
    /// </summary>
    /// <exception cref="StoreException">TooLarge beyond <paramref name="maxSize"/> bytes; NotFound for a folder that no longer exists.</exception>
    Task<SubmissionResult> SubmitAsync(Submission submission, Stream content, long maxSize, CancellationToken cancellationToken);

    /// <summary>Indicator rows submitted in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<IndicatorRecord>> ListIndicatorsAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken);

    /// <summary>Every indicator row submitted in [from, to), in submission order, streamed in constant memory.</summary>
    IAsyncEnumerable<IndicatorRecord> StreamIndicatorsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
