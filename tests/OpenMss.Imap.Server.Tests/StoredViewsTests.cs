using System.Text;
using OpenMss.Imap.Server.Views;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// Write once, parse once: ENVELOPE, BODY and BODYSTRUCTURE come from the views kept beside the blob, so they are
/// answered with the message bytes gone; sections still need (and read) the bytes.
/// </summary>
public sealed class StoredViewsTests : IAsyncLifetime
{
    private ImapServer _server = null!;

    public async Task InitializeAsync() => _server = await ImapServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Views_built_when_the_message_is_stored_answer_metadata_fetches_without_its_bytes()
    {
        _server.Store.ViewBuilder = MessageViews.Build;
        await _server.AppendAsync("INBOX", TestMessages.Create("vues à l'écriture"));
        RemoveBlobBytes();
        await using var client = await _server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");

        var metadata = await client.CommandAsync("FETCH 1 (FLAGS RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE)");

        metadata.Tagged.ShouldEndWith("OK FETCH completed.");
        var response = string.Join("\r\n", metadata.Lines);
        response.ShouldContain("ENVELOPE (");
        response.ShouldContain("BODYSTRUCTURE (\"TEXT\" \"PLAIN\"");
        // A section needs the bytes: with them gone the session cannot answer it, which shows the FETCH above did not read them.
        var section = await client.CommandAsync("FETCH 1 BODY.PEEK[TEXT]");
        section.Lines.ShouldHaveSingleItem().ShouldContain("NO [NONEXISTENT]"); // a clean NO: no FETCH line started
        (await client.CommandAsync("NOOP")).Tagged.ShouldEndWith("OK NOOP completed.");
    }

    [Fact]
    public async Task A_message_stored_without_views_gets_them_at_its_first_fetch_and_keeps_them()
    {
        var uid = await _server.AppendAsync("INBOX", TestMessages.Create("vues à la lecture"));
        var inbox = (await _server.Store.Mailboxes.FindFolderAsync((await _server.Store.Directory.FindBalAsync(ImapServer.Bal, default))!.Id, "INBOX", default))!;
        (await _server.Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.All, default)).ShouldBeEmpty();
        await using var client = await _server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");

        var first = await client.CommandAsync("FETCH 1 (ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
        var stored = await _server.Store.Mailboxes.GetMessageViewsAsync(inbox.Id, UidSet.All, default);
        RemoveBlobBytes();
        var second = await client.CommandAsync("FETCH 1 (ENVELOPE BODYSTRUCTURE)");

        first.Tagged.ShouldEndWith("OK FETCH completed.");
        stored.Keys.ShouldBe([uid]);
        second.Tagged.ShouldEndWith("OK FETCH completed.");
        // The same ENVELOPE and BODYSTRUCTURE, now from the stored views.
        string.Join("\r\n", first.Lines).ShouldStartWith(string.Join("\r\n", second.Untagged)[..^1]);
    }

    [Fact]
    public async Task Sections_partials_and_header_fields_are_byte_ranges_of_the_stored_message()
    {
        _server.Store.ViewBuilder = MessageViews.Build;
        var message = Encoding.ASCII.GetBytes(
            "Subject: Parts\r\nX-Trace: a\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\npreamble\r\n--b\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n" +
            "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--b--\r\n");
        await _server.AppendAsync("INBOX", message);
        await using var client = await _server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");

        var fetch = await client.CommandAsync("FETCH 1 (BODY.PEEK[1] BODY.PEEK[2.HEADER] BODY.PEEK[2.TEXT]<2.4> BODY.PEEK[2.MIME] BODY.PEEK[HEADER.FIELDS.NOT (X-TRACE CONTENT-TYPE)] BODY.PEEK[9] RFC822.SIZE)");

        fetch.Lines.ShouldBe(
        [
            "* 1 FETCH (BODY[1] {10}",
            "first part BODY[2.HEADER] {18}",
            "Subject: inner",
            "",
            " BODY[2.TEXT]<2> {4}",
            "ner  BODY[2.MIME] {32}",
            "Content-Type: message/rfc822",
            "",
            " BODY[HEADER.FIELDS.NOT (X-TRACE CONTENT-TYPE)] {18}",
            "Subject: Parts",
            "",
            $" BODY[9] \"\" RFC822.SIZE {message.Length})",
            "t4 OK FETCH completed.",
        ]);
    }

    private void RemoveBlobBytes()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }
    }
}
