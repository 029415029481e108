using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary><c>openmss indicators export</c>, <c>lifecycle run</c>, <c>bal set-liste-rouge|set-users</c>: the operator's obligations from the shell.</summary>
public sealed class ObligationVerbTests : IDisposable
{
    private const string Domain = "operateur-a.mssante.test";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Data => _directory.Combine("data");

    [Fact]
    public async Task Indicators_export_writes_both_files_and_refuses_a_bad_period_in_one_sentence()
    {
        await SetUpAsync();
        var output = _directory.Combine("indicators");

        var export = await Cli.RunAsync("--data", Data, "indicators", "export", "--month", "2026-11", "--out", output);
        var days = await Cli.RunAsync("--data", Data, "indicators", "export", "--from", "2026-11-01", "--to", "2026-11-15", "--out", output, "--json");

        export.ExitCode.ShouldBe(0, export.Error);
        export.Out.Trim().ShouldBe($"2026-11: 0 message rows in 1 file(s), 2 BALs in 1 connections file(s), in {output}.");
        days.Out.ShouldContain("\"period\": \"2026-11-01_2026-11-15\"");
        File.ReadAllText(Path.Combine(output, "INDICATEURS_MESSAGES_2026-11_001.csv")).ShouldBe("MAIL_ID;EXPEDITEUR;DESTINATAIRE;DATE;TAILLE;INS;CODECDA;NIL\r\n");
        File.ReadAllText(Path.Combine(output, "INDICATEURS_CONNEXIONS_2026-11_001.csv")).ShouldBe($"ADRESSE_BAL;DATE\r\njean.dupont@{Domain};\r\nsecretariat@{Domain};\r\n");
        foreach (var (args, sentence) in new[]
        {
            (new[] { "--month", "2026-13" }, "'2026-13' is not a month: write it YYYY-MM, e.g. 2026-11."),
            (new[] { "--from", "2026-11-01" }, "Give --month YYYY-MM, or --from DATE and --to DATE."),
            (new[] { "--month", "2026-11", "--from", "2026-11-01", "--to", "2026-11-02" }, "Give --month YYYY-MM, or --from DATE and --to DATE."),
            (new[] { "--month", "2026-11", "--max-part-size", "100" }, "--max-part-size must be at least 4096 bytes."),
        })
        {
            var refused = await Cli.RunAsync(["--data", Data, "indicators", "export", "--out", output, .. args]);
            (refused.ExitCode, refused.Error.Trim()).ShouldBe((2, sentence));
        }
    }

    [Fact]
    public async Task Lifecycle_run_shows_what_is_due_then_applies_it()
    {
        await SetUpAsync();
        var at = DateTimeOffset.UtcNow.AddDays(120).ToString("yyyy-MM-dd");

        var dry = await Cli.RunAsync("--data", Data, "lifecycle", "run", "--dry-run", "--at", at);
        var unchanged = await Cli.RunAsync("--data", Data, "bal", "list");
        var applied = await Cli.RunAsync("--data", Data, "lifecycle", "run", "--at", at, "--json");
        var list = await Cli.RunAsync("--data", Data, "bal", "list");
        var bad = await Cli.RunAsync("--data", Data, "lifecycle", "run", "--at", "soon");

        dry.ExitCode.ShouldBe(0, dry.Error);
        dry.Out.ShouldContain($"due: unpublish jean.dupont@{Domain}");
        dry.Out.ShouldContain("2 BALs looked at");
        unchanged.Out.ShouldNotContain("unpublished");
        applied.Out.ShouldContain("\"applied\": true");
        list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(l => l.Contains("unpublished", StringComparison.Ordinal));
        (bad.ExitCode, bad.Error.Trim()).ShouldBe((2, "'soon' is not a date: write it YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ."));
    }

    [Fact]
    public async Task Liste_rouge_and_authorised_users_are_set_and_shown_with_the_annuaire_declaration()
    {
        await SetUpAsync();

        var rouge = await Cli.RunAsync("--data", Data, "bal", "set-liste-rouge", $"jean.dupont@{Domain}", "true");
        var users = await Cli.RunAsync("--data", Data, "bal", "set-users", $"secretariat@{Domain}", "--authorized", "810002345678", "--authorized", "810001234567");
        var perUsers = await Cli.RunAsync("--data", Data, "bal", "set-users", $"jean.dupont@{Domain}", "--authorized", "810002345678");
        var show = await Cli.RunAsync("--data", Data, "bal", "show", $"jean.dupont@{Domain}");

        (rouge.ExitCode, rouge.Out.Trim()).ShouldBe((0, $"BAL jean.dupont@{Domain} is now on the liste rouge."));
        (users.ExitCode, users.Out.Trim()).ShouldBe((0, $"BAL secretariat@{Domain} opens for 810002345678, 810001234567."));
        (perUsers.ExitCode, perUsers.Error.Trim()).ShouldBe((1, $"Only an ORG BAL has authorised users; jean.dupont@{Domain} is a PER BAL."));
        show.Out.ShouldContain("liste rouge:  yes");
        show.Out.ShouldContain("annuaire:     declaration pending (changed)");
    }

    private async Task SetUpAsync()
    {
        (await Cli.RunAsync("--data", Data, "domain", "add", Domain)).ExitCode.ShouldBe(0);
        (await Cli.RunAsync("--data", Data, "bal", "add", $"jean.dupont@{Domain}", "--type", "PER", "--idnat", "810001234567")).ExitCode.ShouldBe(0);
        (await Cli.RunAsync("--data", Data, "bal", "add", $"secretariat@{Domain}", "--type", "ORG", "--idnatstruc", "1750000001", "--authorized", "810001234567")).ExitCode.ShouldBe(0);
    }
}
