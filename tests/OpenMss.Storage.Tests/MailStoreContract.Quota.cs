using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

/// <summary>Quota (RFC 9208): a BAL's usage over all its folders, its own limits, and the octets EXPUNGE would free.</summary>
public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Usage_counts_every_folder_of_the_bal_and_no_other()
    {
        var bal = await AddBalAsync();
        var other = await AddBalAsync("marie.curie", holder: "810009876543");
        var inbox = await InboxAsync(bal);
        var archives = await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("Archives"), default);
        (await Store.Mailboxes.GetUsageAsync(bal.Id, default)).ShouldBe(new BalUsage(0, 0));

        await AppendAsync(inbox, "un");
        await AppendAsync(archives, "deux", MessageFlags.Deleted);
        await AppendAsync(await InboxAsync(other), "ailleurs");
        var sizes = (await Store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default)).Sum(m => m.Size) + (await Store.Mailboxes.FetchAsync(archives.Id, UidSet.All, default)).Sum(m => m.Size);

        (await Store.Mailboxes.GetUsageAsync(bal.Id, default)).ShouldBe(new BalUsage(sizes, 2));
        (await Store.Mailboxes.GetStatusAsync(archives.Id, default)).DeletedSize.ShouldBe((await Store.Mailboxes.FetchAsync(archives.Id, UidSet.All, default)).Single().Size);
        (await Store.Mailboxes.GetStatusAsync(inbox.Id, default)).DeletedSize.ShouldBe(0);

        await Store.Mailboxes.ExpungeAsync(archives.Id, null, default);
        (await Store.Mailboxes.GetUsageAsync(bal.Id, default)).Messages.ShouldBe(1);
    }

    [Fact]
    public async Task A_bal_keeps_its_own_quota_limits_until_they_return_to_the_defaults()
    {
        var bal = await AddBalAsync();
        bal.Quota.ShouldBe(BalQuota.Default);

        var set = await Store.Directory.SetQuotaAsync(bal.Address, new BalQuota(50 * 1024 * 1024, 0), default);

        set.Quota.ShouldBe(new BalQuota(50 * 1024 * 1024, 0));
        (await Store.Directory.FindBalAsync(bal.Address, default))!.Quota.ShouldBe(new BalQuota(50 * 1024 * 1024, 0));
        (await Store.Directory.GetBalAsync(bal.Id, default))!.Quota.ShouldBe(new BalQuota(50 * 1024 * 1024, 0));
        (await Store.Directory.GetBalAsync(999_999, default)).ShouldBeNull();
        (await Store.Directory.ListBalsAsync(null, default)).Single().Quota!.StorageBytes.ShouldBe(50 * 1024 * 1024);
        (await Store.Directory.SetQuotaAsync(bal.Address, BalQuota.Default, default)).Quota.ShouldBe(BalQuota.Default);
        await Refused(() => Store.Directory.SetQuotaAsync("personne@" + Domain, BalQuota.Default, default), StoreError.NotFound);
    }
}
