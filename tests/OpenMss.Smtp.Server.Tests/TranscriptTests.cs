using OpenMss.TestSupport;

namespace OpenMss.Smtp.Server.Tests;

/// <summary>
/// Golden transcripts in testdata/smtp/transcripts, after RFC 5321, 4954 and 3030's own examples. Sessions start past
/// EHLO, STARTTLS and EHLO again, on an in-memory connection (no socket); the server is the test front (token "good"
/// opens jean.dupont@op.test).
/// </summary>
public sealed class TranscriptTests
{
    public static TheoryData<string> Transcripts() => [.. Transcript.Files("smtp")];

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task Transcript_replays(string name)
    {
        await using var server = await SubmissionServer.StartAsync();
        await using var client = server.ConnectInMemory();
        await client.SecureAsync();

        await Transcript.ReplayAsync("smtp", name, client.SendAsync, client.ReadLineAsync);
    }
}
