using System.Text;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// Golden transcripts in testdata/imap/transcripts, after RFC 3501's own examples: each "C:" line is sent, each
/// "S:" line must come back in order ("{*}" matches a varying value). Sessions start authenticated, INBOX seeded,
/// on an in-memory connection (no socket); in the quota transcript, the BAL may hold 1 MiB and 6 messages.
/// </summary>
public sealed class TranscriptTests
{
    public static TheoryData<string> Transcripts() => [.. Transcript.Files("imap")];

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_replays(string name)
    {
        await using var server = await ImapServer.StartAsync();
        server.QuotaLimits = name.StartsWith("rfc9208", StringComparison.Ordinal) ? (1024 * 1024, 6) : (0, 0); // room for two more messages
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: one\r\nFrom: a@op.test\r\n\r\nfirst\r\n"));
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: two\r\nFrom: Smith <smith@op.test>\r\n\r\nsecond\r\n"), MessageFlags.Seen);
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: three\r\nFrom: b@op.test\r\n\r\nthird\r\n"), MessageFlags.Seen | MessageFlags.Flagged);
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: four\r\nFrom: c@op.test\r\n\r\nfourth\r\n"));
        await using var client = await server.AuthenticatedAsync(inMemory: true);

        await Transcript.ReplayAsync("imap", name, client.SendAsync, client.ReadLineAsync, token: "[^ \\]]+");
    }
}
