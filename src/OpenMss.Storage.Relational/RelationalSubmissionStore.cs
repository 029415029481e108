using System.Data.Common;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Relational;

/// <summary>
/// SMTP submissions and deliveries over SQL: the bytes are staged first, then a group commit makes them durable and
/// writes, in one transaction shared with concurrent submissions, the blob row, a message per local INBOX, the
/// queue entries and the indicator rows, and announces the new messages.
/// </summary>
internal sealed class RelationalSubmissionStore(SqlDialect dialect, RelationalBlobStore blobs, RelationalMailboxStore mailboxes, GroupCommitter committer) : ISubmissionStore
{
    public async Task<SubmissionResult> SubmitAsync(Submission submission, Stream content, long maxSize, CancellationToken cancellationToken)
    {
        using var timer = StoreTelemetry.Commit("submit");
        var blob = await blobs.StageAsync(content, maxSize, cancellationToken);
        try
        {
            return await committer.CommitAsync([blob], (transaction, token) => WriteAsync(transaction, submission, blob, token));
        }
        finally
        {
            blobs.Release(blob);
        }
    }

    private async Task<(SubmissionResult, IReadOnlyCollection<FolderChange>)> WriteAsync(
        DbTransaction transaction, Submission submission, StagedBlob blob, CancellationToken cancellationToken)
    {
        // One round trip for the rows once the folders are locked: the blob, the messages, the counters, the
        // queue entries and the indicators.
        var batch = new SqlBatch();
        blobs.Save(batch, blob, submission.SubmittedAt);
        var (appended, changes) = await mailboxes.AppendToFoldersAsync(transaction, batch, submission.InboxFolderIds, blob, submission.SubmittedAt, cancellationToken);
        foreach (var recipient in submission.RemoteRecipients)
        {
            batch.Add(
                "INSERT INTO outbound_queue (mail_id, blob_id, sender, recipient, domain, notify, orcpt, envid, ret, created, attempts, next_attempt, status, trace_parent) "
                + "VALUES (@i, @b, @s, @r, @d, @n, @o, @e, @ret, @c, 0, @c, 'pending', @tp)",
                ("@i", submission.MailId),
                ("@b", blob.Id),
                ("@s", submission.Sender),
                ("@r", recipient.Address),
                ("@d", recipient.Address[(recipient.Address.LastIndexOf('@') + 1)..].ToLowerInvariant()),
                ("@n", recipient.Notify),
                ("@o", recipient.Orcpt),
                ("@e", submission.Dsn.EnvId),
                ("@ret", submission.Dsn.Ret),
                ("@c", dialect.TimeValue(submission.SubmittedAt)),
                ("@tp", submission.TraceParent));
        }

        foreach (var indicator in submission.Indicators)
        {
            batch.Add(
                "INSERT INTO indicators (mail_id, sender, recipient, submitted, size, ins, codecda, nil, anomalies) VALUES (@i, @s, @r, @t, @z, @ins, @cda, @nil, @a)",
                ("@i", submission.MailId),
                ("@s", submission.Sender),
                ("@r", indicator.Recipient),
                ("@t", dialect.TimeValue(submission.SubmittedAt)),
                ("@z", blob.Size),
                ("@ins", indicator.Ins),
                ("@cda", indicator.CodeCda),
                ("@nil", indicator.Nil),
                ("@a", indicator.Anomalies));
        }

        await batch.ExecuteAsync(transaction, cancellationToken);
        return (new SubmissionResult(blob.Id, blob.Size, appended), changes);
    }

    public async Task<IReadOnlyList<IndicatorRecord>> ListIndicatorsAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<IndicatorRecord>();
        await foreach (var row in StreamIndicatorsAsync(from, to, cancellationToken))
        {
            if (rows.Count == limit)
            {
                break;
            }

            rows.Add(row);
        }

        return rows;
    }

    public async IAsyncEnumerable<IndicatorRecord> StreamIndicatorsAsync(
        DateTimeOffset from, DateTimeOffset to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var rows = Sql.StreamAsync(
            connection,
            "SELECT mail_id, sender, recipient, submitted, size, ins, codecda, nil, anomalies FROM indicators WHERE submitted >= @f AND submitted < @t ORDER BY submitted, id",
            r => new IndicatorRecord(
                r.GetString(0), r.GetString(1), r.GetString(2), dialect.ReadTime(r, 3), r.GetInt64(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8)),
            cancellationToken,
            ("@f", dialect.TimeValue(from)),
            ("@t", dialect.TimeValue(to)));
        await foreach (var row in rows)
        {
            yield return row;
        }
    }
}
