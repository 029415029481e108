using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Authentication;

/// <summary>
/// Writes the authentication records of every session, IMAP and SMTP, in shared transactions: whatever queued
/// while one commit ran goes into the next. By default access is granted without waiting for that commit
/// (<c>Audit:AwaitAuthenticationCommit</c> makes each authentication wait for it); the choice and the loss window it
/// leaves are in docs/decisions.md, "Authentication writes". Bounded: a full queue makes authentications wait.
/// </summary>
public sealed partial class AuthenticationJournal : IAsyncDisposable
{
    public const int Capacity = 10_000;

    /// <summary>The most records one transaction takes.</summary>
    public const int MaxBatch = 256;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IMailStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly bool _awaitCommit;
    private readonly Channel<Entry> _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(Capacity) { SingleReader = true });
    private readonly Task _loop;
    private volatile bool _closing;

    /// <param name="awaitCommit">Whether <see cref="RecordAsync"/> returns only once its record is durable.</param>
    public AuthenticationJournal(IMailStore store, TimeProvider clock, ILogger logger, bool awaitCommit)
    {
        _store = store;
        _clock = clock;
        _logger = logger;
        _awaitCommit = awaitCommit;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the record; with awaitCommit, returns once it is committed.</summary>
    public async ValueTask RecordAsync(AuthenticationRecord record, CancellationToken cancellationToken)
    {
        var entry = new Entry(record);
        await _queue.Writer.WriteAsync(entry, cancellationToken);
        if (_awaitCommit)
        {
            await entry.Committed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Returns once everything queued before the call is committed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var barrier = new Entry(null);
        await _queue.Writer.WriteAsync(barrier, cancellationToken);
        await barrier.Committed.WaitAsync(cancellationToken);
    }

    /// <summary>Commits what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            await CommitAsync(batch);
        }
    }

    /// <summary>Retries until committed; once the journal is closing, a failure drops the batch with a log line.</summary>
    private async Task CommitAsync(List<Entry> batch)
    {
        var records = batch.Where(e => e.Record is not null).Select(e => e.Record!).ToList();
        while (true)
        {
            try
            {
                var republished = await _store.Directory.RecordAuthenticationsAsync(records, CancellationToken.None);
                await AuditRepublicationsAsync(records, republished);
                batch.ForEach(e => e.Done(null));
                return;
            }
            catch (Exception e)
            {
                // Whatever the cause, the loop must live on: a dead journal would hold every authentication.
                Unwritten(_logger, records.Count, e.Message);
                if (_closing)
                {
                    batch.ForEach(entry => entry.Done(e));
                    return;
                }

                await Task.Delay(RetryDelay, _clock);
            }
        }
    }

    /// <summary>MSS 19: a BAL unpublished for inactivity returns to the Annuaire at its holder's next connection.</summary>
    private async Task AuditRepublicationsAsync(List<AuthenticationRecord> records, IReadOnlyList<long> republished)
    {
        foreach (var balId in republished)
        {
            var address = records.First(r => r.BalId == balId).Audit.BalAddress;
            try
            {
                await _store.Audit.AppendAsync(
                    new AuditEvent(_clock.GetUtcNow(), "lifecycle", "republish", "success", address, Reason: "authenticated after being unpublished for inactivity", Actor: "lifecycle"),
                    CancellationToken.None);
            }
            catch (Exception e) when (e is StoreException or System.Data.Common.DbException or IOException)
            {
                Unwritten(_logger, 1, e.Message); // the republication itself is committed; only its audit line is missing
            }
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Error, Message = "{Count} authentication records could not be written yet: {Problem}")]
    private static partial void Unwritten(ILogger logger, int count, string problem);

    private sealed class Entry(AuthenticationRecord? record)
    {
        private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AuthenticationRecord? Record { get; } = record;

        public Task Committed => _committed.Task;

        public void Done(Exception? failure)
        {
            if (failure is null)
            {
                _committed.TrySetResult();
            }
            else
            {
                _committed.TrySetException(failure);
            }
        }
    }
}
