using System.Text.Json;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>openmss store check on the embedded store: sound, damaged, missing.</summary>
public sealed class StoreCheckVerbTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Data => _directory.Combine("data");

    private Task<Cli.Outcome> Run(params string[] args) => Cli.RunAsync(["--data", Data, .. args]);

    private async Task FillAsync()
    {
        var message = _directory.Combine("m.eml");
        await File.WriteAllTextAsync(message, "Subject: checked\r\n\r\nBody.\r\n");
        (await Run("domain", "add", "operateur-a.mssante.test")).ExitCode.ShouldBe(0);
        (await Run("bal", "add", "jean.dupont@operateur-a.mssante.test", "--type", "PER", "--idnat", "810001234567")).ExitCode.ShouldBe(0);
        (await Run("message", "append", "jean.dupont@operateur-a.mssante.test", message)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_sound_store_exits_0_with_its_counts()
    {
        await FillAsync();

        var text = await Run("store", "check");
        var json = await Run("store", "check", "--json");

        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.Trim().ShouldBe($"{Data}: 1 BALs, 6 folders, 1 messages, 1 blobs; sound.");
        var report = JsonDocument.Parse(json.Out).RootElement;
        report.GetProperty("isSound").GetBoolean().ShouldBeTrue();
        report.GetProperty("counts").GetProperty("messages").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task A_damaged_blob_is_a_problem_and_exit_1_and_nothing_changes()
    {
        await FillAsync();
        var segment = Directory.EnumerateFiles(Path.Combine(Data, "blobs", "segments")).Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[0] ^= 1;
        await File.WriteAllBytesAsync(segment, bytes);
        var before = await File.ReadAllBytesAsync(segment);

        var outcome = await Run("store", "check");

        outcome.ExitCode.ShouldBe(1);
        outcome.Out.ShouldStartWith("problem: Blob ");
        outcome.Out.ShouldContain("does not hash to its name");
        outcome.ErrorLines.ShouldBe([$"The store check found 1 problem in {Data}."]);
        (await File.ReadAllBytesAsync(segment)).ShouldBe(before);
    }

    [Fact]
    public async Task A_missing_store_is_not_created()
    {
        var outcome = await Run("store", "check");

        (outcome.ExitCode, outcome.ErrorLines.Single()).ShouldBe((2, $"There is no store in {Data}."));
        Directory.Exists(Data).ShouldBeFalse();
    }
}
