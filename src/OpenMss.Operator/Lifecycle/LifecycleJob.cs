using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Mssante;
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

    private readonly LifecyclePlanner planner = new(options.Checked());
    private readonly NoticeDelivery notices = new(store, options.ContactAddress, options.NoticeSender);

    public async Task<LifecycleReport> RunAsync(DateTimeOffset at, bool dryRun, CancellationToken cancellationToken)
    {
        var actions = new List<LifecycleAction>();
        long scanned = 0;
        await foreach (var bal in store.Directory.StreamActivityAsync(cancellationToken))
        {
            scanned++;
            foreach (var action in planner.Plan(bal, at))
            {
                actions.Add(dryRun ? action : action with { Applied = await ApplyAsync(action, at, cancellationToken) });
            }
        }

        return new LifecycleReport(at, dryRun, scanned, actions);
    }

    private async Task<bool> ApplyAsync(LifecycleAction action, DateTimeOffset at, CancellationToken cancellationToken)
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
        // A deleted BAL has no INBOX left: only the contact hears of it.
        var (subject, body) = LifecycleNotice.Text(action, at);
        await notices.SendAsync(action.Step == LifecycleStep.Delete ? null : bal.Address, BalAddress.DomainOf(bal.Address), subject, body, at, cancellationToken);
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
}
