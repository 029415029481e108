using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Annuaire;

/// <summary>
/// Sends the Annuaire outbox: each due row declares its BAL's state as the store has it now, oldest first, one node
/// at a time (the job lease <c>annuaire-outbox</c>) so that declarations of one BAL keep their order. A failure is
/// retried with a doubling delay (1 minute up to 6 hours), kept visible in <c>openmss bal show</c> and the admin API.
/// </summary>
public sealed partial class AnnuaireSender(IMailStore store, IAnnuaireChannel channel, string node, TimeProvider clock, ILogger logger) : BackgroundService
{
    public const string JobName = "annuaire-outbox";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(6);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; init; } = 100;

    /// <summary>Sends what is due now; returns how many rows were settled (sent or failed for good).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // A read first: an idle outbox costs no write (taking the lease is a durable transaction).
        if ((await store.Annuaire.ListDueAsync(now, 1, cancellationToken)).Count == 0
            || !await store.Jobs.TryLeaseAsync(JobName, node, now, now + TimeSpan.FromMinutes(2), cancellationToken))
        {
            return 0;
        }

        var settled = 0;
        try
        {
            foreach (var row in await store.Annuaire.ListDueAsync(now, BatchSize, cancellationToken))
            {
                var current = await store.Directory.FindBalAsync(row.Address, cancellationToken);
                var outcome = await channel.DeclareAsync(BalPublication.Of(row, current), cancellationToken);
                if (outcome.Done)
                {
                    await store.Annuaire.MarkSentAsync(row, clock.GetUtcNow(), cancellationToken);
                    settled++;
                    continue;
                }

                var next = outcome.Permanent ? (DateTimeOffset?)null : clock.GetUtcNow() + Backoff(row.Attempts);
                await store.Annuaire.MarkAttemptFailedAsync(row.Id, outcome.Error ?? "refused", next, clock.GetUtcNow(), cancellationToken);
                LogFailed(row.Address, row.Attempts + 1, outcome.Error ?? "refused", outcome.Permanent);
                settled += outcome.Permanent ? 1 : 0;
            }
        }
        finally
        {
            await store.Jobs.ReleaseAsync(JobName, node, CancellationToken.None);
        }

        return settled;
    }

    public static TimeSpan Backoff(int attempts) =>
        attempts >= 20 ? LongestRetry : TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << attempts));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed("*", 0, $"{e.GetType().Name}: {e.Message}", false);
            }

            await Task.Delay(PollInterval, clock, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Annuaire declaration of {Bal} failed (attempt {Attempt}): {Error}; given up: {Permanent}")]
    private partial void LogFailed(string bal, int attempt, string error, bool permanent);
}
