using System.Text;
using System.Text.RegularExpressions;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>
/// Golden transcripts in testdata/imap/transcripts, after RFC 3501's own examples: each "C:" line is sent, each
/// "S:" line must come back in order ("{*}" matches a varying value). Sessions start authenticated, INBOX seeded,
/// on an in-memory connection (no socket).
/// </summary>
public sealed partial class TranscriptTests
{
    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "testdata", "imap", "transcripts"), "*.txt").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_replays(string name)
    {
        await using var server = await ImapServer.StartAsync();
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: one\r\nFrom: a@op.test\r\n\r\nfirst\r\n"));
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: two\r\nFrom: Smith <smith@op.test>\r\n\r\nsecond\r\n"), MessageFlags.Seen);
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: three\r\nFrom: b@op.test\r\n\r\nthird\r\n"), MessageFlags.Seen | MessageFlags.Flagged);
        await server.AppendAsync("INBOX", Encoding.ASCII.GetBytes("Subject: four\r\nFrom: c@op.test\r\n\r\nfourth\r\n"));
        await using var client = await server.AuthenticatedAsync(inMemory: true);
        var lines = await File.ReadAllLinesAsync(Path.Combine(Repository.Root, "testdata", "imap", "transcripts", name));

        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)).Where(l => l.l.Length > 0 && !l.l.StartsWith('#')))
        {
            if (line.StartsWith("C: ", StringComparison.Ordinal))
            {
                await client.SendAsync(line[3..] + "\r\n");
                continue;
            }

            line.ShouldStartWith("S: ", customMessage: $"{name}:{number}");
            var expected = line[3..];
            var actual = await client.ReadLineAsync();
            actual.ShouldNotBeNull($"{name}:{number}: the server closed the connection");
            Matches(expected, actual).ShouldBeTrue($"{name}:{number}: expected\n{expected}\nbut the server sent\n{actual}");
        }
    }

    private static bool Matches(string expected, string actual) =>
        new Regex("^" + string.Join("[^ \\]]+", expected.Split("{*}").Select(Regex.Escape)) + "$").IsMatch(actual);
}
