using System.Text.RegularExpressions;

namespace OpenMss.TestSupport;

/// <summary>
/// Golden protocol transcripts under testdata/PROTOCOL/transcripts: each "C:" line is sent, each "S:" line must come
/// back in order, where "{*}" matches one varying token. Lines starting with "#" are comments.
/// </summary>
public static class Transcript
{
    /// <summary>The transcript file names of a protocol, in order.</summary>
    public static IEnumerable<string> Files(string protocol) =>
        Directory.GetFiles(Folder(protocol), "*.txt").Order().Select(f => Path.GetFileName(f));

    /// <param name="token">What "{*}" may stand for, as a regular expression.</param>
    /// <exception cref="TranscriptMismatchException">At the first line that does not match, with its file and line.</exception>
    public static async Task ReplayAsync(string protocol, string name, Func<string, Task> send, Func<Task<string?>> readLine, string token = "[^ ]+")
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(Folder(protocol), name));
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)).Where(l => l.l.Length > 0 && !l.l.StartsWith('#')))
        {
            if (line.StartsWith("C: ", StringComparison.Ordinal))
            {
                await send(line[3..] + "\r\n");
                continue;
            }

            if (!line.StartsWith("S: ", StringComparison.Ordinal))
            {
                throw new TranscriptMismatchException($"{name}:{number}: a line must start with \"C: \", \"S: \" or \"#\".");
            }

            var expected = line[3..];
            var actual = await readLine() ?? throw new TranscriptMismatchException($"{name}:{number}: the server closed the connection");
            if (!new Regex("^" + string.Join(token, expected.Split("{*}").Select(Regex.Escape)) + "$").IsMatch(actual))
            {
                throw new TranscriptMismatchException($"{name}:{number}: expected\n{expected}\nbut the server sent\n{actual}");
            }
        }
    }

    private static string Folder(string protocol) => Path.Combine(Repository.Root, "testdata", protocol, "transcripts");
}

/// <summary>A transcript line the server did not answer as written.</summary>
public sealed class TranscriptMismatchException(string message) : Exception(message);
