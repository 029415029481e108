using System.Text.Json;
using OpenMss.Cli.Commands;
using OpenMss.Mime;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>
/// Golden files: for every corpus message, what <c>openmss message inspect</c> prints (part tree, MSSanté headers,
/// ENVELOPE, BODYSTRUCTURE, repairs) is kept in testdata/mime/expected/. OPENMSS_UPDATE_GOLDEN=1 rewrites them,
/// after which the diff is read and reviewed like code.
/// </summary>
public sealed class InspectTests
{
    private static readonly string Mime = Path.Combine(Repository.Root, "testdata", "mime");

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Mime, "corpus"), "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Path.Combine(Mime, "corpus"), file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Inspection_matches_its_golden_file(string name)
    {
        var message = MimeParser.Parse(await File.ReadAllBytesAsync(Path.Combine(Mime, "corpus", name)));
        var actual = Json.Write(MessageInspection.Of(message)) + "\n";
        var golden = Path.Combine(Mime, "expected", Path.ChangeExtension(name, ".json"));

        if (Environment.GetEnvironmentVariable("OPENMSS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            await File.WriteAllTextAsync(golden, actual);
        }

        File.Exists(golden).ShouldBeTrue($"{golden} is missing: run the tests once with OPENMSS_UPDATE_GOLDEN=1 and review it.");
        actual.ShouldBe(await File.ReadAllTextAsync(golden));
    }

    [Fact]
    public async Task The_verb_prints_json_with_the_mssante_headers()
    {
        var outcome = await Cli.RunAsync("message", "inspect", Path.Combine(Mime, "corpus", "real-world", "014-cda-xml.eml"));

        outcome.ExitCode.ShouldBe(0, outcome.Error);
        var json = JsonDocument.Parse(outcome.Out).RootElement;
        json.GetProperty("mssante").GetProperty("X-MSS-CODECDA").EnumerateArray().Select(e => e.GetString()).ShouldBe(["34112-3", "PRESC-BIO", "15508-5"]);
        json.GetProperty("mssante").GetProperty("X-MSS-INS").GetString().ShouldBe("N");
        json.GetProperty("root").GetProperty("parts")[1].GetProperty("fileName").GetString().ShouldBe("DOC0001.XML");
        json.GetProperty("bodyStructure").GetString()!.ShouldStartWith("((\"TEXT\" \"PLAIN\"");
    }

    [Fact]
    public async Task Repairs_are_listed()
    {
        var outcome = await Cli.RunAsync("message", "inspect", Path.Combine(Mime, "corpus", "malformed", "020-missing-final-boundary.eml"));

        JsonDocument.Parse(outcome.Out).RootElement.GetProperty("repairs")[0].GetProperty("kind").GetString().ShouldBe("MissingFinalBoundary");
    }

    [Fact]
    public async Task A_missing_file_is_bad_usage()
    {
        var outcome = await Cli.RunAsync("message", "inspect", "/nonexistent/file.eml");

        outcome.ExitCode.ShouldBe(2);
        outcome.ErrorLines.ShouldBe(["There is no file /nonexistent/file.eml."]);
    }
}
