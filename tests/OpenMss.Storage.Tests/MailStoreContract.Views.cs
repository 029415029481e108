using System.Text;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

public abstract partial class MailStoreContract
{
    /// <summary>A stand-in for the IMAP layer's builder: views that say which bytes they were built from.</summary>
    private static byte[] ViewsOf(ReadOnlyMemory<byte> content) => Encoding.ASCII.GetBytes($"views of {content.Length} bytes");

    [Fact]
    public async Task Views_built_while_storing_are_kept_with_the_blob_and_shared_by_copies()
    {
        Store.ViewBuilder = ViewsOf;
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        var sent = (await Store.Mailboxes.FindFolderAsync(bal.Id, "Sent", default))!;
        var bytes = TestMessages.Create("avec vues");

        var appended = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(bytes), FlagSet.Empty, Now, MaxSize, default);
        var submitted = await Store.Submissions.SubmitAsync(
            new Submission("mail-1", bal.Address, Now, [inbox.Id], [], []), new MemoryStream(TestMessages.Create("soumis")), MaxSize, default);
        await Store.Mailboxes.CopyAsync(inbox.Id, UidSet.Of(appended.Uid), sent.Id, default);

        var views = await Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.All, default);
        views.Keys.Order().ShouldBe([appended.Uid, submitted.Appended.Single().Uid]);
        Encoding.ASCII.GetString(views[appended.Uid]).ShouldBe($"views of {bytes.Length} bytes");
        Encoding.ASCII.GetString(views[submitted.Appended.Single().Uid]).ShouldBe($"views of {submitted.Size} bytes");
        Encoding.ASCII.GetString((await Store.Mailboxes.GetMessageViewsAsync(sent.Id, UidSet.All, default)).Single().Value).ShouldBe($"views of {bytes.Length} bytes");
        (await Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.Of(appended.Uid), default)).Keys.ShouldBe([appended.Uid]);
    }

    [Fact]
    public async Task A_blob_stored_without_views_gets_them_later_and_identical_bytes_keep_the_first_views()
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var first = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("same")), FlagSet.Empty, Now, MaxSize, default);

        (await Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.All, default)).ShouldBeEmpty();
        await Store.Mailboxes.SaveBlobViewsAsync(first.BlobId, "first"u8.ToArray(), default);
        Store.ViewBuilder = ViewsOf;
        var second = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(TestMessages.Fixed("same")), FlagSet.Empty, Now, MaxSize, default);

        second.BlobId.ShouldBe(first.BlobId);
        var views = await Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.All, default);
        views.Values.Select(Encoding.ASCII.GetString).ShouldBe(["first", "first"]);
        await Store.Mailboxes.SaveBlobViewsAsync(first.BlobId, "rebuilt"u8.ToArray(), default);
        Encoding.ASCII.GetString((await Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.Of(second.Uid), default))[second.Uid]).ShouldBe("rebuilt");
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(7, 25)]
    [InlineData(100, 1_000_000)]
    [InlineData(5_000_000, 10)]
    [InlineData(3, 0)]
    public async Task A_range_of_a_blob_reads_those_bytes_and_stops_at_its_end(long offset, long length)
    {
        var inbox = await InboxAsync(await AddBalAsync());
        var bytes = TestMessages.Create("plage d'octets");
        var appended = await Store.Mailboxes.AppendAsync(inbox.Id, new MemoryStream(bytes), FlagSet.Empty, Now, MaxSize, default);

        await using var range = await Store.Mailboxes.OpenBlobAsync(appended.BlobId, offset, length, default);
        using var copy = new MemoryStream();
        await range.CopyToAsync(copy);

        var start = (int)Math.Min(offset, bytes.Length);
        copy.ToArray().ShouldBe(bytes[start..(int)Math.Min(bytes.Length, start + length)]);
    }
}
