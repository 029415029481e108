using OpenMss.Operator.Identifiers;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Lifecycle;

/// <summary>
/// Applies the BAL lifecycle at an instant (spec §6.3; MSS 14, 19): one pass over every BAL in constant memory,
/// each due step acted on by the store only if the BAL is still inactive (an authentication in between wins), then
/// its notice sent and the step audited (the store queues the Annuaire declaration with the change). A dry run plans
/// and changes nothing.
/// </summary>
public sealed class LifecycleJob(IMailStore store, LifecycleOptions options)
{
    public const string Actor = "lifecycle";

    /// <summary>A notice is a few kilobytes; the bound only guards the store's call.</summary>
    private const long MaxNoticeBytes = 64 * 1024;

    private readonly LifecyclePlanner planner = new(options.Checked());

    public async Task<LifecycleReport> RunAsync(DateTimeOffset at, bool dryRun, CancellationToken cancellationToken)
    {
        var contact = dryRun ? null : await ContactAsync(cancellationToken);
        var actions = new List<LifecycleAction>();
        long scanned = 0;
        await foreach (var bal in store.Directory.StreamActivityAsync(cancellationToken))
        {
            scanned++;
            foreach (var action in planner.Plan(bal, at))
            {
                actions.Add(dryRun ? action : action with { Applied = await ApplyAsync(action, at, contact, cancellationToken) });
            }
        }

        return new LifecycleReport(at, dryRun, scanned, actions);
    }

    private async Task<bool> ApplyAsync(LifecycleAction action, DateTimeOffset at, Recipient? contact, CancellationToken cancellationToken)
    {
        var bal = action.Bal;
        var applied = action.Step switch
        {
            LifecycleStep.Unpublish => await store.Directory.UnpublishForInactivityAsync(bal.Id, action.LastActivity, cancellationToken),
            LifecycleStep.DeletionNotice => await store.Directory.RecordDeletionNoticeAsync(bal.Id, action.NoticeDays!.Value, at, action.LastActivity, cancellationToken),
            _ => await store.Directory.DeleteInactiveBalAsync(bal.Id, action.LastActivity, cancellationToken),
        };
        if (!applied)
        {
            return false;
        }

        // Recorded first, then told: a notice is sent at most once, and the step stands even if the notice fails.
        var recipients = new List<Recipient>();
        if (action.Step != LifecycleStep.Delete && await InboxAsync(bal.Address, cancellationToken) is { } own)
        {
            recipients.Add(own);
        }

        if (contact is not null)
        {
            recipients.Add(contact);
        }

        await SendAsync(action, recipients, at, cancellationToken);
        await store.Audit.AppendAsync(
            new AuditEvent(at, "lifecycle", ActionName(action), "success", bal.Address,
                Reason: $"no authentication since {action.LastActivity.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; deletion {action.DeletionDate.UtcDateTime:yyyy-MM-dd}", Actor: Actor),
            cancellationToken);

        return true;
    }

    public static string ActionName(LifecycleAction action) => action.Step switch
    {
        LifecycleStep.Unpublish => "unpublish",
        LifecycleStep.DeletionNotice => $"deletion-notice {action.NoticeDays}d",
        _ => "delete",
    };

    private async Task SendAsync(LifecycleAction action, IReadOnlyList<Recipient> recipients, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0)
        {
            return;
        }

        var id = $"lifecycle-{Guid.NewGuid():N}";
        var sender = options.NoticeSender is { Length: > 0 } configured ? configured : "postmaster@" + BalAddress.DomainOf(action.Bal.Address);
        var message = LifecycleNotice.Build(action, sender, [.. recipients.Select(r => r.Address)], at, $"{id}@{BalAddress.DomainOf(sender)}");
        var submission = new Storage.Model.Submission(
            id, sender, at, [.. recipients.Where(r => r.InboxId is not null).Select(r => r.InboxId!.Value)],
            [.. recipients.Where(r => r.InboxId is null).Select(r => new RemoteRecipient(r.Address))], Indicators: []);
        await store.Submissions.SubmitAsync(submission, new MemoryStream(message), MaxNoticeBytes, cancellationToken);
    }

    /// <summary>The configured contact: a BAL hosted here gets it in its INBOX, another address through the MTA.</summary>
    private async Task<Recipient?> ContactAsync(CancellationToken cancellationToken)
    {
        if (options.ContactAddress is not { Length: > 0 } contact)
        {
            return null;
        }

        var normalized = BalAddress.Normalize(contact, out var problem) ?? throw new ArgumentException($"Lifecycle:ContactAddress: {problem}");
        return await InboxAsync(normalized, cancellationToken) ?? new Recipient(normalized, null);
    }

    private async Task<Recipient?> InboxAsync(string address, CancellationToken cancellationToken)
    {
        var bal = await store.Directory.FindBalAsync(address, cancellationToken);
        var inbox = bal is null ? null : await store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", cancellationToken);
        return inbox is null ? null : new Recipient(address, inbox.Id);
    }

    private sealed record Recipient(string Address, long? InboxId);
}
