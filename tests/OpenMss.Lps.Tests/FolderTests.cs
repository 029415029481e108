using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>The SDK's folder operations, as the webmail uses them, against a real operator: pages, search, move, delete.</summary>
public sealed class FolderTests(ResyncFixture fixture) : IClassFixture<ResyncFixture>
{
    private ClockedTrustSpace Space => fixture.Space;

    [Fact]
    public async Task A_folder_pages_newest_first_searches_and_a_message_moves_goes_to_the_trash_then_away()
    {
        using var client = new MssClient(Space.Options());
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, Space.Tokens(SandboxProcess.PerHolder));
        for (var i = 1; i <= 7; i++)
        {
            await org.SendAsync(Message(SandboxProcess.Org, $"folder-{i}"));
        }

        var first = await org.ListFolderAsync("INBOX", 1, 3);
        var last = await org.ListFolderAsync("INBOX", 3, 3);
        var beyond = await org.ListFolderAsync("INBOX", 4, 3);
        var found = await org.ListFolderAsync("INBOX", 1, 3, "folder-4");

        first.Messages.Select(m => m.Subject).ShouldBe(["folder-7", "folder-6", "folder-5"]);
        (first.Total, first.Pages).ShouldBe((7, 3));
        last.Messages.Select(m => m.Subject).ShouldBe(["folder-1"]);
        beyond.Messages.ShouldBeEmpty();
        found.Messages.Select(m => m.Subject).ShouldBe(["folder-4"]);
        found.Total.ShouldBe(1);

        var folders = await org.ListFoldersAsync();
        folders[0].ShouldBe(new MssFolder("INBOX", MssFolderRole.Inbox, 7, 7));
        folders.Select(f => f.Role).ShouldContain(MssFolderRole.Trash);
        var archive = folders.Single(f => f.Role == MssFolderRole.Archive).Name;
        var trash = folders.Single(f => f.Role == MssFolderRole.Trash).Name;

        var uid = last.Messages[0].Uid;
        await org.MoveAsync("INBOX", uid, archive);
        var moved = (await org.ListFolderAsync(archive, 1, 10)).Messages.ShouldHaveSingleItem();
        moved.Subject.ShouldBe("folder-1");
        (await org.ListFolderAsync("INBOX", 1, 10)).Total.ShouldBe(6);
        (await Should.ThrowAsync<MssRefusedException>(() => org.GetMessageAsync("INBOX", uid))).ProtocolCode.ShouldBe("UID");

        (await org.DeleteAsync(archive, moved.Uid)).ShouldBeFalse("from a folder, deleting moves to the trash");
        var trashed = (await org.ListFolderAsync(trash, 1, 10)).Messages.ShouldHaveSingleItem();
        (await org.GetMessageAsync(trash, trashed.Uid)).Subject.ShouldBe("folder-1");
        (await org.DeleteAsync(trash, trashed.Uid)).ShouldBeTrue("from the trash, for good");
        (await org.ListFolderAsync(trash, 1, 10)).Total.ShouldBe(0);

        (await Should.ThrowAsync<MssRefusedException>(() => org.ListFolderAsync("Nowhere", 1, 10))).ProtocolCode.ShouldBe("FOLDER");
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => org.ListFolderAsync("INBOX", 0, 10));
        (await org.ListNewAsync()).Messages.Count.ShouldBe(6, "the INBOX operations still work after other folders were opened");
    }
}
