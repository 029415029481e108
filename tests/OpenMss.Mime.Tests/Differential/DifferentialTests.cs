using System.Text.Json.Nodes;
using OpenMss.TestSupport;

namespace OpenMss.Mime.Tests.Differential;

/// <summary>
/// Parses the whole corpus with OpenMSS and with python's standard email package and compares the two views.
/// Every accepted difference is listed in <see cref="KnownDifferences"/> with the reason (and in
/// testdata/mime/DIFFERENCES.md); anything else fails the test.
/// </summary>
public sealed class DifferentialTests
{
    private static readonly string Corpus = Path.Combine(Repository.Root, "testdata", "mime", "corpus");

    /// <summary>(file, JSON path) pairs where OpenMSS follows the RFC and python does not.</summary>
    internal static readonly Dictionary<(string File, string Path), string> KnownDifferences = new()
    {
        [("malformed/024-broken-qp.eml", "/parts/0/sha256")] =
            "RFC 2045 §6.7: a quoted-printable decoder deletes blanks before a line break; python's a2b_qp keeps them.",
        [("malformed/027-raw-8bit-header.eml", "/subject")] =
            "Raw 8-bit header bytes that are not UTF-8 are read as Latin-1 (what old French mailers send); python replaces them with U+FFFD.",
        [("malformed/027-raw-8bit-header.eml", "/from/0/0")] =
            "Same as the subject: Latin-1 rather than U+FFFD for raw 8-bit bytes.",
        [("malformed/031-obsolete-date-and-header-space.eml", "/subject")] =
            "RFC 5322 §4.5.x obs-optional allows blanks before the colon ('Subject :'); python ends the header there.",
        [("malformed/031-obsolete-date-and-header-space.eml", "/parts/0/sha256")] =
            "Same line: python takes 'Subject :' and what follows as the body.",
        [("malformed/032-empty-parts.eml", "/parts")] =
            "Two delimiter lines in a row enclose an empty part, which OpenMSS keeps (a part the sender declared); python drops it.",
    };

    [Fact]
    public async Task Openmss_and_python_read_the_corpus_alike()
    {
        var probe = Path.Combine(Repository.Root, "tests", "OpenMss.Mime.Tests", "Differential", "python_email_probe.py");
        var python = await ProcessRunner.RunAsync("python3", [probe, Corpus]);
        python.ExitCode.ShouldBe(0, python.Error);
        var expected = JsonNode.Parse(python.Out)!.AsObject();

        var differences = new List<string>();
        var files = Directory.GetFiles(Corpus, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThan(20);
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(Corpus, file).Replace('\\', '/');
            var ours = CorpusView.Of(MimeParser.Parse(await File.ReadAllBytesAsync(file)));
            Compare(name, "", ours, expected[name], differences);
        }

        differences.ShouldBeEmpty(string.Join(Environment.NewLine, differences));
    }

    private static void Compare(string file, string path, JsonNode? ours, JsonNode? theirs, List<string> differences)
    {
        if (ours is JsonObject a && theirs is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Compare(file, $"{path}/{key}", a[key], b[key], differences);
            }
        }
        else if (ours is JsonArray x && theirs is JsonArray y && x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++)
            {
                Compare(file, $"{path}/{i}", x[i], y[i], differences);
            }
        }
        else if (!JsonNode.DeepEquals(ours, theirs) && !KnownDifferences.ContainsKey((file, path)))
        {
            differences.Add($"{file} {path}: OpenMSS {ours?.ToJsonString() ?? "null"}, python {theirs?.ToJsonString() ?? "null"}");
        }
    }
}
