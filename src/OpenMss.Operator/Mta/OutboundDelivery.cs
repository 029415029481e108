using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMss.Operator.Telemetry;
using OpenMss.Operator.Whitelist;
using OpenMss.Smtp.Client;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Mta;

/// <summary>
/// The queue workers of the inter-operator MTA: claim due recipients (a lease, so that several nodes share the queue
/// and a dead node's work resumes elsewhere), deliver each destination domain's over a few connections to its MX,
/// one SMTP transaction per message with all its recipients there, and record per recipient: delivered, deferred
/// on the retry schedule, or failed with a delivery report to the sender's INBOX. An unlisted domain or a peer DN
/// the whitelist does not list fails at once.
/// </summary>
public sealed partial class OutboundDelivery : BackgroundService
{
    private readonly IMailStore _store;
    private readonly TrustedPeers _peers;
    private readonly MtaOptions _options;
    private readonly PeerConnector _connector;
    private readonly MxResolver _mx;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly RetrySchedule _schedule;
    private readonly string _hostName;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _domainSlots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _inFlight;
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Queue rows this node is delivering now (claimed, not yet recorded).</summary>
    private readonly ConcurrentDictionary<long, byte> _delivering = new();
    private readonly PeerConnectionPool _pool;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recordedSuccess = new(StringComparer.Ordinal);

    /// <summary>A domain's success is written at most this often by one node: its time is monitoring, not an audit.</summary>
    private static readonly TimeSpan SuccessRecordInterval = TimeSpan.FromSeconds(5);

    internal OutboundDelivery(IMailStore store, TrustedPeers peers, MtaOptions options, PeerConnector connector, MxResolver mx, string hostName, TimeProvider clock, ILogger logger)
    {
        (_store, _peers, _options, _connector, _mx, _hostName, _clock, _logger) = (store, peers, options, connector, mx, hostName, clock, logger);
        _schedule = new RetrySchedule(options);
        _inFlight = new SemaphoreSlim(options.BatchSize * 4);
        _pool = new PeerConnectionPool(options.ConnectionIdleLimit, options.PerDomainConcurrency, clock);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPurge = _clock.GetUtcNow();
        var nextRenewal = _clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _peers.RefreshAsync(stoppingToken);
                if (_clock.GetUtcNow() >= nextPurge)
                {
                    await _store.Queue.PurgeFinishedAsync(_clock.GetUtcNow() - _options.KeepFinished, 1000, stoppingToken);
                    nextPurge = _clock.GetUtcNow().AddMinutes(1);
                }

                await _pool.SweepAsync();
                if (_clock.GetUtcNow() >= nextRenewal)
                {
                    // Deliveries under way keep their rows: no other node takes over a delivery slower than its lease.
                    await _store.Queue.RenewAsync(_owner, [.. _delivering.Keys], _clock.GetUtcNow() + _options.Lease, stoppingToken);
                    nextRenewal = _clock.GetUtcNow() + _options.Lease / 3;
                }

                var room = _inFlight.CurrentCount;
                var claimed = room == 0 ? [] : await _store.Queue.ClaimAsync(_owner, _clock.GetUtcNow(), _options.Lease, Math.Min(room, _options.BatchSize), stoppingToken);
                // A delivery slower than the lease lets this node claim its own rows again: the claim renewed their
                // lease, and the delivery under way records them; sending them twice would duplicate the message.
                claimed = [.. claimed.Where(r => !_delivering.ContainsKey(r.Id))];
                if (claimed.Count == 0)
                {
                    await Task.Delay(_options.PollInterval, _clock, stoppingToken);
                    continue;
                }

                foreach (var domain in claimed.GroupBy(r => r.Domain))
                {
                    var rows = domain.ToList();
                    foreach (var row in rows)
                    {
                        await _inFlight.WaitAsync(stoppingToken);
                        _delivering[row.Id] = 0;
                    }

                    var task = Task.Run(() => DeliverDomainAsync(domain.Key, rows, stoppingToken), CancellationToken.None);
                    _running[task] = 0;
                    _ = task.ContinueWith(
                        t =>
                        {
                            _running.TryRemove(t, out _);
                            foreach (var row in rows)
                            {
                                _delivering.TryRemove(row.Id, out _);
                            }

                            _inFlight.Release(rows.Count);
                        },
                        TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The worker must outlive a store hiccup: it logs and tries again after a pause.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogQueueError(_logger, e.GetType().Name, e.Message);
                await Task.Delay(_options.PollInterval, _clock, CancellationToken.None);
            }
        }

        // Deliveries under way finish their SMTP transaction or are cut; what they did not record is claimed again after the lease.
        await Task.WhenAll(_running.Keys);
        await _pool.DisposeAsync();
    }

    private async Task DeliverDomainAsync(string domain, List<QueuedRecipient> rows, CancellationToken cancellationToken)
    {
        try
        {
            if (!_peers.Loaded)
            {
                await RecordAsync(domain, rows.Select(r => (r, PeerOutcome.Failure(false, "4.7.1", "No MSSanté whitelist is in force on this operator yet."))), CancellationToken.None);
                return;
            }

            if (!_peers.Lists(domain))
            {
                await RecordAsync(domain, rows.Select(r => (r, PeerOutcome.Failure(true, "5.7.1", $"The domain {domain} is not in the MSSanté whitelist: mail never leaves the trust space."))), CancellationToken.None);
                return;
            }

            IReadOnlyList<MxHost> hosts;
            try
            {
                hosts = await _mx.ResolveAsync(domain, cancellationToken);
            }
            catch (MxException e)
            {
                await RecordAsync(domain, rows.Select(r => (r, PeerOutcome.Failure(e.Permanent, e.Permanent ? "5.1.2" : "4.4.3", e.Message))), CancellationToken.None);
                return;
            }

            var messages = rows.GroupBy(r => (r.MailId, r.BlobId, r.Sender)).Select(g => g.ToList()).ToList();
            var connections = Math.Min(_options.PerDomainConcurrency, messages.Count);
            var slots = _domainSlots.GetOrAdd(domain, _ => new SemaphoreSlim(_options.PerDomainConcurrency));
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async lane =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    await DeliverOverOneConnectionAsync(domain, hosts, [.. messages.Where((_, i) => i % connections == lane)], cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the claimed rows stay pending and come back after their lease.
        }
#pragma warning disable CA1031 // One domain's failure must not stop the others; its rows come back after the lease.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDomainError(_logger, domain, e.GetType().Name, e.Message);
        }
    }

    private async Task DeliverOverOneConnectionAsync(string domain, IReadOnlyList<MxHost> hosts, List<List<QueuedRecipient>> messages, CancellationToken cancellationToken)
    {
        var (client, host, failure) = await _pool.TakeAsync(domain, cancellationToken) is { } pooled
            ? (pooled.Client, pooled.Host, null)
            : await ConnectAsync(domain, hosts, cancellationToken);
        if (client is null)
        {
            await RecordAsync(domain, messages.SelectMany(m => m).Select(r => (r, failure!)), CancellationToken.None);
            return;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var outcomes = await SendAsync(client, host!.Name, messages[i], cancellationToken);
            await RecordAsync(domain, outcomes, CancellationToken.None);
            if (!client.IsConnected && i + 1 < messages.Count)
            {
                // The connection broke: the other messages are tried again later, like any temporary failure.
                var lost = PeerOutcome.Failure(false, "4.4.2", $"{host.Name}: connection lost.", host.Name);
                await RecordAsync(domain, messages.Skip(i + 1).SelectMany(m => m).Select(r => (r, lost)), CancellationToken.None);
                break;
            }
        }

        await _pool.ReturnAsync(domain, client, host!);
    }

    /// <summary>The first MX host and address that takes a TLS session with a peer we trust, or the last failure.</summary>
    private async Task<(SmtpClientSession? Client, MxHost? Host, PeerOutcome? Failure)> ConnectAsync(string domain, IReadOnlyList<MxHost> hosts, CancellationToken cancellationToken)
    {
        PeerOutcome? failure = null;
        foreach (var host in hosts)
        {
            foreach (var address in host.Addresses)
            {
                (var client, failure) = await _connector.ConnectAsync(domain, host, address, cancellationToken);
                if (client is not null)
                {
                    return (client, host, null);
                }
            }
        }

        return (null, null, failure);
    }

    /// <summary>One SMTP transaction: every recipient of the message at this domain, each with its own outcome.</summary>
    private async Task<List<(QueuedRecipient, PeerOutcome)>> SendAsync(SmtpClientSession client, string remote, List<QueuedRecipient> rows, CancellationToken cancellationToken)
    {
        // The delivery continues the submitting session's trace (its traceparent is kept with the queue entry).
        ActivityContext.TryParse(rows[0].TraceParent, null, isRemote: true, out var parent);
        using var activity = OperatorTelemetry.Source.StartActivity("mta delivery", ActivityKind.Producer, parent);
        activity?.SetTag("openmss.recipients", rows.Count);
        try
        {
            await using var blob = await _store.Mailboxes.OpenBlobAsync(rows[0].BlobId, cancellationToken);
            var eightBit = await EightBit.ScanAsync(blob, cancellationToken);
            blob.Position = 0;
            var envelope = new ClientEnvelope(rows[0].Sender, [.. rows.Select(r => new ClientRecipient(r.Recipient, r.Notify, r.Orcpt))], rows[0].Dsn.EnvId, rows[0].Dsn.Ret);
            if (eightBit && !client.Extensions.Contains("8BITMIME"))
            {
                // RFC 6152: 8-bit content only to a server that says it takes it; we do not convert what we relay.
                return [.. rows.Select(r => (r, PeerOutcome.Failure(true, "5.6.3", $"{remote} does not offer 8BITMIME and the message has 8-bit content.", remote)))];
            }

            var replies = await client.SendAsync(envelope, blob, blob.Length, eightBit, cancellationToken);
            return [.. rows.Select((r, i) => (r,
                !replies.Mail.IsPositive ? PeerOutcome.FromReply(replies.Mail.Code, replies.Mail.Text, remote)
                : i < replies.Recipients.Count && !replies.Recipients[i].IsPositive ? PeerOutcome.FromReply(replies.Recipients[i].Code, replies.Recipients[i].Text, remote)
                : replies.Content is { } content ? PeerOutcome.FromReply(content.Code, content.Text, remote)
                : PeerOutcome.Failure(false, "4.0.0", $"{remote}: no answer to RCPT.", remote)))];
        }
        catch (Exception e) when (e is IOException or SmtpClientException or OperationCanceledException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return [.. rows.Select(r => (r, PeerOutcome.Failure(false, "4.4.2", $"{remote}: connection lost during the transaction ({e.Message.ReplaceLineEndings(" ")}).", remote)))];
        }
    }

    /// <summary>Makes each outcome durable, in one transaction: delivered, deferred, or failed with a report to the sender first.</summary>
    private async Task RecordAsync(string domain, IEnumerable<(QueuedRecipient Row, PeerOutcome Outcome)> outcomes, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var updates = new List<QueueUpdate>();
        var failed = new List<FailedRecipient>();
        var delayed = new List<(FailedRecipient Recipient, DateTimeOffset Next)>();
        var list = outcomes.ToList();
        foreach (var (row, outcome) in list)
        {
            OperatorTelemetry.Deliveries.Add(1, OperatorTelemetry.Tag("outcome", outcome.Verdict.ToString().ToLowerInvariant()));
            switch (outcome.Verdict)
            {
                case PeerVerdict.Delivered:
                    updates.Add(new QueueUpdate(row.Id, QueueOutcome.Delivered, now));
                    LogDelivered(_logger, row.MailId, row.Recipient, outcome.RemoteMta ?? "");
                    break;
                case PeerVerdict.Temporary when outcome.MailboxFull && now - row.Created >= _options.FullMailboxLifetime:
                    failed.Add(new FailedRecipient(row, outcome with { Verdict = PeerVerdict.Permanent, Status = "5.2.2", Reply = $"The BAL stayed full for {(now - row.Created).TotalHours:0.#} hours; last answer: {outcome.Reply}" }));
                    break;
                case PeerVerdict.Temporary when _schedule.Next(row.Created, row.Attempts, now) is { } next:
                    if (ShouldReportDelay(row, now))
                    {
                        delayed.Add((new FailedRecipient(row, outcome), next));
                    }
                    else
                    {
                        updates.Add(new QueueUpdate(row.Id, QueueOutcome.Deferred, next, outcome.Reply));
                    }

                    LogDeferred(_logger, row.MailId, row.Recipient, outcome.Reply, next);
                    break;
                case PeerVerdict.Temporary:
                    failed.Add(new FailedRecipient(row, outcome with { Verdict = PeerVerdict.Permanent, Status = "4.4.7", Reply = $"Retries exhausted after {(now - row.Created).TotalHours:0.#} hours; last error: {outcome.Reply}" }));
                    break;
                default:
                    failed.Add(new FailedRecipient(row, outcome));
                    break;
            }
        }

        foreach (var message in delayed.GroupBy(d => d.Recipient.Row.MailId))
        {
            await ReportAsync([.. message.Select(d => d.Recipient)], "DELAY", now, message.First().Recipient.Row.Created + _options.MaximalLifetime, cancellationToken);
            updates.AddRange(message.Select(d => new QueueUpdate(d.Recipient.Row.Id, QueueOutcome.Deferred, d.Next, d.Recipient.Outcome.Reply, DelayReported: true)));
        }

        foreach (var message in failed.GroupBy(f => f.Row.MailId))
        {
            // The report first, then the failure: a crash between them repeats the report rather than losing it.
            await ReportAsync([.. message], "FAILURE", now, null, cancellationToken);
            foreach (var recipient in message)
            {
                updates.Add(new QueueUpdate(recipient.Row.Id, QueueOutcome.Failed, now, recipient.Outcome.Reply));
                LogFailed(_logger, recipient.Row.MailId, recipient.Row.Recipient, recipient.Outcome.Reply);
            }
        }

        await _store.Queue.UpdateAsync(updates, cancellationToken);
        await RecordDomainAsync(domain, list, now, cancellationToken);
    }

    /// <summary>A domain answered (even to refuse a recipient): success, at most every few seconds; else its failure.</summary>
    private async Task RecordDomainAsync(string domain, List<(QueuedRecipient Row, PeerOutcome Outcome)> outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (outcomes.Any(o => o.Outcome.Answered))
        {
            if (_recordedSuccess.TryGetValue(domain, out var last) && now - last < SuccessRecordInterval)
            {
                return;
            }

            await _store.Queue.RecordSuccessAsync(domain, now, cancellationToken);
            _recordedSuccess[domain] = now;
        }
        else if (outcomes.Count > 0)
        {
            await _store.Queue.RecordFailureAsync(domain, now, outcomes[0].Outcome.Reply, cancellationToken);
            _recordedSuccess.TryRemove(domain, out _);
        }
    }

    /// <summary>One delay report per recipient, once it waited the warning time, when configured and asked for.</summary>
    private bool ShouldReportDelay(QueuedRecipient row, DateTimeOffset now) =>
        _options.DelayReports && !row.DelayReported && now - row.Created >= _options.DelayWarningTime;

    /// <summary>
    /// RFC 3461 §4.1: a report of <paramref name="kind"/> (FAILURE or DELAY) to the recipients that asked for it, or
    /// that gave no NOTIFY (our default is FAILURE,DELAY, as Postfix's; delay reports also need Mta:DelayReports).
    /// </summary>
    private async Task ReportAsync(List<FailedRecipient> failed, string kind, DateTimeOffset now, DateTimeOffset? retryUntil, CancellationToken cancellationToken)
    {
        var wanted = failed.Where(f => f.Row.Notify is null || f.Row.Notify.Split(',').Contains(kind)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var sender = wanted[0].Row.Sender;
        var inbox = await Submission.LocalRecipients.InboxAsync(_store, sender, cancellationToken);
        if (inbox is null)
        {
            LogReportDropped(_logger, wanted[0].Row.MailId);
            return;
        }

        var reportId = Guid.CreateVersion7().ToString("N");
        byte[] report;
        await using (var original = await _store.Mailboxes.OpenBlobAsync(wanted[0].Row.BlobId, cancellationToken))
        {
            report = DeliveryReport.Build(_hostName, sender, wanted, original, now, reportId, retryUntil);
        }

        await _store.Submissions.SubmitAsync(new Storage.Model.Submission(reportId, "", now, [inbox.Value], [], []), new MemoryStream(report), long.MaxValue, cancellationToken);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "MTA: {MailId} delivered to {Recipient} at {Remote}")]
    private static partial void LogDelivered(ILogger logger, string mailId, string recipient, string remote);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "MTA: {MailId} to {Recipient} deferred until {Next} ({Reason})")]
    private static partial void LogDeferred(ILogger logger, string mailId, string recipient, string reason, DateTimeOffset next);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "MTA: {MailId} to {Recipient} failed ({Reason}); a report goes to the sender")]
    private static partial void LogFailed(ILogger logger, string mailId, string recipient, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "MTA: the report on {MailId} has nowhere to go: its sender is no BAL here")]
    private static partial void LogReportDropped(ILogger logger, string mailId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "MTA: the queue cannot be read ({Error}: {Detail}); trying again")]
    private static partial void LogQueueError(ILogger logger, string error, string detail);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "MTA: delivery to {Domain} stopped ({Error}: {Detail}); its recipients come back after their lease")]
    private static partial void LogDomainError(ILogger logger, string domain, string error, string detail);
}
