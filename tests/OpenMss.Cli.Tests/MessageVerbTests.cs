using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

public sealed class MessageVerbTests : IAsyncLifetime
{
    private const string Address = "jean.dupont@operateur-a.mssante.test";
    private readonly TempDirectory _directory = new();

    private string Data => _directory.Combine("data");

    public async Task InitializeAsync()
    {
        await Cli.RunAsync("--data", Data, "domain", "add", "operateur-a.mssante.test");
        await Cli.RunAsync("--data", Data, "bal", "add", Address, "--type", "PER", "--idnat", "810001234567");
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Append_stores_the_file_and_prints_its_uid()
    {
        var file = _directory.Combine("m.eml");
        await File.WriteAllBytesAsync(file, TestMessages.Create("CR consultation"));

        var first = await Cli.RunAsync("--data", Data, "message", "append", Address, file);
        var second = await Cli.RunAsync("--data", Data, "message", "append", Address, file, "--folder", "Archive", "--seen");

        first.ExitCode.ShouldBe(0, first.Error);
        first.Out.ShouldStartWith($"Appended to INBOX of {Address}: UID 1, UIDVALIDITY ");
        second.Out.ShouldStartWith($"Appended to Archive of {Address}: UID 1, ");
        (await Cli.RunAsync("--data", Data, "bal", "show", Address)).Out.ShouldContain("folder:       INBOX: 1 messages");
    }

    [Fact]
    public async Task Unknown_folders_bals_and_files_are_refused()
    {
        var file = _directory.Combine("m.eml");
        await File.WriteAllBytesAsync(file, TestMessages.Create("x"));

        var folder = await Cli.RunAsync("--data", Data, "message", "append", Address, file, "--folder", "Nope");
        var bal = await Cli.RunAsync("--data", Data, "message", "append", "nobody@operateur-a.mssante.test", file);
        var missing = await Cli.RunAsync("--data", Data, "message", "append", Address, _directory.Combine("absent.eml"));

        folder.ExitCode.ShouldBe(1);
        folder.ErrorLines.ShouldBe([$"The BAL {Address} has no folder Nope."]);
        bal.ExitCode.ShouldBe(1);
        missing.ExitCode.ShouldBe(2);
        missing.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("There is no file ");
    }
}
