using System.Text.RegularExpressions;
using OpenMss.TestSupport;

namespace OpenMss.Smtp.Server.Tests;

/// <summary>
/// Golden transcripts in testdata/smtp/transcripts, after RFC 5321, 4954 and 3030's own examples: each "C:" line is
/// sent, each "S:" line must come back in order ("{*}" matches a varying value). Sessions start past EHLO, STARTTLS
/// and EHLO again, on an in-memory connection (no socket); the server is the test front (token "good" opens
/// jean.dupont@op.test).
/// </summary>
public sealed partial class TranscriptTests
{
    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "testdata", "smtp", "transcripts"), "*.txt").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_replays(string name)
    {
        await using var server = await SubmissionServer.StartAsync();
        await using var client = server.ConnectInMemory();
        await client.SecureAsync();
        var lines = await File.ReadAllLinesAsync(Path.Combine(Repository.Root, "testdata", "smtp", "transcripts", name));

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
        new Regex("^" + string.Join("[^ ]+", expected.Split("{*}").Select(Regex.Escape)) + "$").IsMatch(actual);
}
