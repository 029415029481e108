using OpenMss.Imap.Server;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Quota;

/// <summary>
/// A BAL's quota: its own limits where an administrator set them, the operator's defaults otherwise, against what it
/// holds over all its folders. IMAP reports and enforces it; delivery refuses a full BAL at RCPT.
/// </summary>
public sealed class BalQuotas(IMailStore store, QuotaOptions defaults) : IQuotaPolicy
{
    public async Task<QuotaState> GetAsync(long balId, CancellationToken cancellationToken)
    {
        var bal = await store.Directory.GetBalAsync(balId, cancellationToken);
        return await StateAsync(balId, bal?.Quota, cancellationToken);
    }

    public Task<QuotaState> GetAsync(Bal bal, CancellationToken cancellationToken) => StateAsync(bal.Id, bal.Quota, cancellationToken);

    /// <summary>The limits that apply to a BAL with these own limits.</summary>
    public BalQuota Effective(BalQuota? own) =>
        new(own?.StorageBytes ?? defaults.StorageMiB * 1024 * 1024, own?.Messages ?? defaults.Messages);

    private async Task<QuotaState> StateAsync(long balId, BalQuota? own, CancellationToken cancellationToken)
    {
        var limits = Effective(own);
        var usage = await store.Mailboxes.GetUsageAsync(balId, cancellationToken);
        return new QuotaState(usage.Bytes, limits.StorageBytes!.Value, usage.Messages, limits.Messages!.Value);
    }
}
