using OpenMss.Storage.Model;

namespace OpenMss.Operator.Lifecycle;

/// <summary>
/// Decides, from a BAL's last activity alone, which lifecycle steps are due at an instant: pure, so the job, its dry
/// run and the tests see the same plan. Activity is the latest authentication, or the creation for a BAL never
/// opened. APP BALs are software's and are never unpublished nor deleted for inactivity (MSS 14 and 19 name PER and
/// ORG; CAB is treated as PER, spec §13 #21).
/// </summary>
public sealed class LifecyclePlanner(LifecycleOptions options)
{
    private readonly int[] notices = [.. options.Notices.Distinct().OrderDescending()];

    public IEnumerable<LifecycleAction> Plan(BalActivity bal, DateTimeOffset now)
    {
        if (bal.Type == BalType.App || bal.Status == BalStatus.Deleted)
        {
            yield break;
        }

        var last = bal.LastAuthentication is { } auth && auth > bal.Created ? auth : bal.Created;
        var deletionDue = last.AddDays(options.DeleteAfterDays);
        var unpublishDue = last.AddDays(options.UnpublishAfterDays);

        if (bal.Status == BalStatus.Active && now >= unpublishDue)
        {
            yield return new LifecycleAction(bal, LifecycleStep.Unpublish, last, Later(deletionDue, now));
        }

        if (notices.Length == 0)
        {
            if (now >= deletionDue)
            {
                yield return new LifecycleAction(bal, LifecycleStep.Delete, last, deletionDue);
            }

            yield break;
        }

        // The deletion waits for the last notice to have had its full time, even when the job did not run for a while.
        var final = notices[^1];
        if (now >= deletionDue && bal.DeletionNoticeDays == final && bal.DeletionNoticeAt is { } told && now >= told.AddDays(final))
        {
            yield return new LifecycleAction(bal, LifecycleStep.Delete, last, Later(deletionDue, now));
            yield break;
        }

        // The nearest notice due and not yet sent; a skipped earlier one is not sent late as well.
        var due = notices.Where(days => now >= deletionDue.AddDays(-days)).Cast<int?>().LastOrDefault();
        if (due is { } noticeDays && (bal.DeletionNoticeDays is null || bal.DeletionNoticeDays > noticeDays))
        {
            yield return new LifecycleAction(bal, LifecycleStep.DeletionNotice, last, Later(deletionDue, now.AddDays(noticeDays)), noticeDays);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
