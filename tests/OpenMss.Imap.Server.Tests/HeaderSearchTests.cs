using System.Text;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Tests;

/// <summary>A search or sort on header fields reads the header blocks, not the messages' attachments.</summary>
public sealed class HeaderSearchTests : IAsyncLifetime
{
    private const int BodyBytes = 700 * 1024; // under the fixture's 1 MiB message limit

    private ImapServer _server = null!;
    private BlobReadCounter _reads = null!;
    private RawImapClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ImapServer.StartAsync(mailboxes: inner =>
        {
            var (store, counter) = BlobReadCounter.Wrap(inner);
            _reads = counter;
            return store;
        });
        var attachment = new string('A', BodyBytes).Chunk(76).Aggregate(new StringBuilder(), (b, line) => b.Append(line).Append("\r\n")).ToString();
        for (var i = 1; i <= 3; i++)
        {
            await _server.AppendAsync("INBOX", Encoding.ASCII.GetBytes($"From: Dr Jean DUPONT <jean.dupont@op.test>\r\nSubject: Compte rendu {i}\r\nMessage-ID: <cr{i}@op.test>\r\nDate: Sat, 21 Nov 2026 1{i}:00:00 +0100\r\n\r\n{attachment}fin {i}\r\n"), MessageFlags.None);
        }

        _client = await _server.AuthenticatedAsync();
        await _client.CommandAsync("SELECT INBOX");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("SEARCH HEADER Message-ID <cr2@op.test>", "* SEARCH 2")]
    [InlineData("SEARCH OR SUBJECT \"rendu 3\" FROM nobody", "* SEARCH 3")]
    [InlineData("SEARCH SENTBEFORE 22-Nov-2026 NOT SUBJECT \"rendu 1\"", "* SEARCH 2 3")]
    [InlineData("SORT (REVERSE DATE) UTF-8 ALL", "* SORT 3 2 1")]
    [InlineData("SORT (SUBJECT) UTF-8 FROM dupont", "* SORT 1 2 3")]
    public async Task Header_keys_read_only_the_header_blocks(string command, string expected)
    {
        _reads.Reset();
        var reply = await _client.CommandAsync(command);

        reply.Untagged.ShouldContain(expected);
        _reads.BytesRead.ShouldBeLessThan(3 * 64 * 1024, "three header blocks, not 2 MB of attachments");
    }

    [Fact]
    public async Task Body_keys_still_read_the_whole_messages()
    {
        _reads.Reset();
        var reply = await _client.CommandAsync("SEARCH BODY \"fin 2\"");

        reply.Untagged.ShouldContain("* SEARCH 2");
        _reads.BytesRead.ShouldBeGreaterThan(3L * BodyBytes);
    }
}
