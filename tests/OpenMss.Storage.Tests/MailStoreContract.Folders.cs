using OpenMss.Storage.Model;

namespace OpenMss.Storage.Tests;

public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Folders_are_created_renamed_with_their_children_and_deleted()
    {
        var bal = await AddBalAsync();
        var work = await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("Work"), default);
        await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("Work/2026"), default);
        await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("Workshop"), default);
        await AppendAsync(work, "kept across rename");

        await Store.Mailboxes.RenameFolderAsync(bal.Id, "Work", "Archive/Work", default);

        var names = (await Store.Mailboxes.ListFoldersAsync(bal.Id, default)).Select(f => f.Name).ToList();
        names.ShouldBe(["Archive/Work", "Archive/Work/2026", "INBOX", "Sent", "Workshop"]);
        var renamed = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Archive/Work", default))!;
        renamed.Id.ShouldBe(work.Id);
        renamed.UidValidity.ShouldBe(work.UidValidity);
        (await Store.Mailboxes.GetStatusAsync(renamed.Id, default)).Messages.ShouldBe(1U);

        await Store.Mailboxes.DeleteFolderAsync(bal.Id, "Archive/Work", default);
        (await Store.Mailboxes.ListFoldersAsync(bal.Id, default)).Select(f => f.Name).ShouldBe(["Archive/Work/2026", "INBOX", "Sent", "Workshop"]);
    }

    [Fact]
    public async Task Folder_operations_refuse_clashes_and_bad_names()
    {
        var bal = await AddBalAsync();
        await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("A"), default);

        await Refused(() => Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("A"), default), StoreError.AlreadyExists);
        await Refused(() => Store.Mailboxes.RenameFolderAsync(bal.Id, "A", "Sent", default), StoreError.AlreadyExists);
        await Refused(() => Store.Mailboxes.RenameFolderAsync(bal.Id, "A", "A/B", default), StoreError.Invalid);
        await Refused(() => Store.Mailboxes.RenameFolderAsync(bal.Id, "Nope", "B", default), StoreError.NotFound);
        await Refused(() => Store.Mailboxes.DeleteFolderAsync(bal.Id, "Nope", default), StoreError.NotFound);
        foreach (var bad in new[] { "", "/A", "A/", "A//B", "A\nB" })
        {
            await Refused(() => Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder(bad), default), StoreError.Invalid);
        }

        await Refused(() => Store.Mailboxes.CreateFolderAsync(999_999, new NewFolder("X"), default), StoreError.NotFound);
        (await Store.Mailboxes.ListFoldersAsync(bal.Id, default)).Select(f => f.Name).ShouldBe(["A", "INBOX", "Sent"]);
    }

    [Fact]
    public async Task A_folder_created_again_gets_a_new_uidvalidity()
    {
        var bal = await AddBalAsync();
        var first = await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("Temp"), default);
        await Store.Mailboxes.DeleteFolderAsync(bal.Id, "Temp", default);

        var second = await Store.Mailboxes.CreateFolderAsync(bal.Id, new NewFolder("Temp"), default);

        second.UidValidity.ShouldBeGreaterThan(first.UidValidity);
    }

    [Fact]
    public async Task Subscription_is_stored()
    {
        var bal = await AddBalAsync();

        await Store.Mailboxes.SetSubscribedAsync(bal.Id, "Sent", false, default);

        (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!.Subscribed.ShouldBeFalse();
        await Refused(() => Store.Mailboxes.SetSubscribedAsync(bal.Id, "Nope", true, default), StoreError.NotFound);
    }
}
