using System.Text.Json;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>domain and bal verbs on the embedded store, each with its bad input.</summary>
public sealed class AdministrationVerbTests : IDisposable
{
    private const string Domain = "operateur-a.mssante.test";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<Cli.Outcome> Run(params string[] args) => Cli.RunAsync(["--data", _directory.Combine("data"), .. args]);

    private async Task<JsonElement> ListAsync()
    {
        var list = await Run("bal", "list", "--json");
        list.ExitCode.ShouldBe(0, list.Error);
        return JsonDocument.Parse(list.Out).RootElement;
    }

    [Fact]
    public async Task Domains_are_added_and_listed()
    {
        (await Run("domain", "add", "Operateur-A.mssante.test")).ShouldBe(new Cli.Outcome(0, $"Domain {Domain} added.\n", ""));
        await Run("domain", "add", "b.mssante.test");

        (await Run("domain", "list")).Out.ShouldBe($"b.mssante.test\n{Domain}\n");
        var json = JsonDocument.Parse((await Run("domain", "list", "--json")).Out).RootElement;
        json.EnumerateArray().Select(d => d.GetProperty("name").GetString()).ShouldBe(["b.mssante.test", Domain]);
    }

    [Theory]
    [InlineData("bad domain", "'bad domain' is not a domain name.")]
    [InlineData(Domain, $"The domain {Domain} exists already.")]
    public async Task Bad_domains_exit_1_with_one_sentence(string domain, string expected)
    {
        await Run("domain", "add", Domain);

        var outcome = await Run("domain", "add", domain);

        outcome.ExitCode.ShouldBe(1);
        outcome.ErrorLines.ShouldBe([expected]);
        outcome.Out.ShouldBeEmpty();
        (await Run("domain", "list")).Out.ShouldBe($"{Domain}\n");
    }

    [Fact]
    public async Task Bals_of_each_type_are_added_shown_and_listed()
    {
        await Run("domain", "add", Domain);

        (await Run("bal", "add", $"Jean.Dupont@{Domain}", "--type", "PER", "--idnat", "810001234567")).ExitCode.ShouldBe(0);
        (await Run("bal", "add", $"secretariat@{Domain}", "--type", "org", "--idnatstruc", "1750000001", "--authorized", "810001234567", "--authorized", "899700218896", "--liste-rouge")).ExitCode.ShouldBe(0);
        (await Run("bal", "add", $"dpi@{Domain}", "--type", "APP", "--idnatstruc", "1750000001")).ExitCode.ShouldBe(0);
        (await Run("bal", "add", $"cabinet@{Domain}", "--type", "CAB", "--idnat", "810009876543")).ExitCode.ShouldBe(0);

        var bals = await ListAsync();
        bals.EnumerateArray().Select(b => (b.GetProperty("address").GetString(), b.GetProperty("type").GetString())).ShouldBe(
            [($"cabinet@{Domain}", "CAB"), ($"dpi@{Domain}", "APP"), ($"jean.dupont@{Domain}", "PER"), ($"secretariat@{Domain}", "ORG")]);
        var org = bals[3];
        org.GetProperty("idNatStruc").GetString().ShouldBe("1750000001");
        org.GetProperty("authorizedIdNats").EnumerateArray().Select(e => e.GetString()).ShouldBe(["810001234567", "899700218896"]);
        org.GetProperty("listeRouge").GetBoolean().ShouldBeTrue();
        org.TryGetProperty("idNat", out _).ShouldBeFalse();
        bals[2].GetProperty("idNat").GetString().ShouldBe("810001234567");

        var show = await Run("bal", "show", $"jean.dupont@{Domain}");
        show.ExitCode.ShouldBe(0);
        show.Out.ShouldContain("type:         PER");
        show.Out.ShouldContain("folder:       Sent (\\Sent): 0 messages");
        var shown = JsonDocument.Parse((await Run("bal", "show", $"jean.dupont@{Domain}", "--json")).Out).RootElement;
        shown.GetProperty("folders").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldBe(["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"]);
        (await Run("bal", "list", "--domain", "other.test")).Out.Trim().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not-an-address", "PER", "--idnat", "810001234567", "'not-an-address' is not an e-mail address (expected local-part@domain).")]
    [InlineData("x@unknown.test", "PER", "--idnat", "810001234567", "The domain unknown.test is not hosted here: add it first with 'openmss domain add unknown.test'.")]
    [InlineData($"x@{Domain}", "PER", "--idnat", "12345", "'12345' is not an IdNat")]
    [InlineData($"x@{Domain}", "ORG", "--idnatstruc", "1234", "'1234' is not an IdNatStruc")]
    [InlineData($"x@{Domain}", "APP", "--liste-rouge", null, "An APP BAL needs the IdNatStruc of its structure (--idnatstruc).")]
    [InlineData($"x@{Domain}", "PER", "--idnatstruc", "1750000001", "A PER BAL is held by a professional: give --idnat, not --idnatstruc.")]
    [InlineData($"taken@{Domain}", "PER", "--idnat", "810001234567", $"The BAL taken@{Domain} exists already.")]
    public async Task Bad_bals_exit_1_with_one_sentence_and_change_nothing(string address, string type, string option, string? value, string expected)
    {
        await Run("domain", "add", Domain);
        await Run("bal", "add", $"taken@{Domain}", "--type", "PER", "--idnat", "899700218896");

        var outcome = await Run(["bal", "add", address, "--type", type, option, .. value is null ? Array.Empty<string>() : [value]]);

        outcome.ExitCode.ShouldBe(1);
        outcome.ErrorLines.Length.ShouldBe(1);
        outcome.ErrorLines[0].ShouldStartWith(expected);
        (await ListAsync()).EnumerateArray().Select(b => b.GetProperty("address").GetString()).ShouldBe([$"taken@{Domain}"]);
        var holder = (await ListAsync())[0].GetProperty("idNat").GetString();
        holder.ShouldBe("899700218896");
    }

    [Fact]
    public async Task An_org_bal_with_a_malformed_authorised_user_is_refused()
    {
        await Run("domain", "add", Domain);

        var outcome = await Run("bal", "add", $"sec@{Domain}", "--type", "ORG", "--idnatstruc", "1750000001", "--authorized", "810001234567", "--authorized", "bogus");

        outcome.ExitCode.ShouldBe(1);
        outcome.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("The authorised user 'bogus' is not an IdNat");
        (await ListAsync()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Status_changes_and_two_step_deletion()
    {
        await Run("domain", "add", Domain);
        await Run("bal", "add", $"p@{Domain}", "--type", "PER", "--idnat", "810001234567");

        (await Run("bal", "set-status", $"p@{Domain}", "unpublished")).Out.ShouldBe($"BAL p@{Domain} is now unpublished.\n");
        var refused = await Run("bal", "delete", $"p@{Domain}");
        refused.ExitCode.ShouldBe(1);
        refused.ErrorLines.ShouldHaveSingleItem().ShouldContain("set its status to deleted first");
        (await ListAsync())[0].GetProperty("status").GetString().ShouldBe("unpublished");

        (await Run("bal", "set-status", $"p@{Domain}", "DELETED")).ExitCode.ShouldBe(0);
        (await Run("bal", "delete", $"p@{Domain}")).Out.ShouldBe($"BAL p@{Domain} deleted with its mail.\n");
        (await ListAsync()).GetArrayLength().ShouldBe(0);
        (await Run("bal", "delete", $"p@{Domain}", "--force")).ErrorLines.ShouldBe([$"There is no BAL p@{Domain}."]);
        (await Run("bal", "show", $"p@{Domain}")).ExitCode.ShouldBe(1);
        (await Run("bal", "set-status", $"p@{Domain}", "active")).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task A_bal_quota_is_shown_changed_and_returned_to_the_defaults()
    {
        await Run("domain", "add", Domain);
        await Run("bal", "add", $"p@{Domain}", "--type", "PER", "--idnat", "810001234567");

        (await Run("bal", "quota", $"p@{Domain}")).Out.ShouldBe($"address:   p@{Domain}\nstorage:   0 MiB of 2048 MiB (default)\nmessages:  0 of 200000 (default)\n");
        var set = JsonDocument.Parse((await Run("bal", "quota", $"p@{Domain}", "--storage", "500MiB", "--messages", "0", "--json")).Out).RootElement;
        (set.GetProperty("storageLimit").GetInt64(), set.GetProperty("storageDefault").GetBoolean(), set.GetProperty("messagesLimit").GetInt64()).ShouldBe((500L * 1024 * 1024, false, 0L));
        (await Run("bal", "quota", $"p@{Domain}", "--storage", "default")).Out.ShouldBe($"address:   p@{Domain}\nstorage:   0 MiB of 2048 MiB (default)\nmessages:  0 of no limit\n");

        var bad = await Run("bal", "quota", $"p@{Domain}", "--storage", "12XB");
        bad.ExitCode.ShouldBe(2);
        bad.ErrorLines.ShouldBe(["--storage takes a number 0 or more with B, KiB, MiB or GiB, or default; not '12XB'."]);
        (await Run("bal", "quota", $"x@{Domain}")).ErrorLines.ShouldBe([$"There is no BAL x@{Domain}."]);
    }

    [Theory]
    [InlineData(new[] { "bal", "add", "x@y.test" }, "Option '--type' is required.")]
    [InlineData(new[] { "bal", "add", "x@y.test", "--type", "BOX" }, "'BOX' is not a BAL type: use one of PER, ORG, APP, CAB.")]
    [InlineData(new[] { "bal", "set-status", "x@y.test", "gone" }, "'gone' is not a BAL status: use one of active, unpublished, deleted.")]
    [InlineData(new[] { "bal", "frobnicate" }, "'frobnicate' is not a command or option of openmss bal.")]
    [InlineData(new[] { "domain", "add" }, "Required argument missing for command: 'add'.")]
    public async Task Bad_usage_exits_2_with_one_line_pointing_to_help(string[] args, string expected)
    {
        var outcome = await Run(args);

        outcome.ExitCode.ShouldBe(2);
        outcome.ErrorLines.ShouldHaveSingleItem().ShouldStartWith(expected);
        outcome.ErrorLines[0].ShouldEndWith("--help' for usage.");
        Directory.Exists(_directory.Combine("data")).ShouldBeFalse();
    }

    [Fact]
    public async Task Data_and_store_together_are_bad_usage()
    {
        var outcome = await Cli.RunAsync("--data", _directory.Path, "--store", "Host=127.0.0.1", "domain", "list");

        outcome.ExitCode.ShouldBe(2);
        outcome.ErrorLines.ShouldBe(["Give --data or --store, not both."]);
    }

    [Fact]
    public async Task A_damaged_data_directory_gets_one_sentence()
    {
        Directory.CreateDirectory(_directory.Combine("data"));
        await File.WriteAllTextAsync(_directory.Combine("data", "openmss.db"), new string('x', 4096));

        var outcome = await Run("domain", "list");

        outcome.ExitCode.ShouldBe(1);
        outcome.ErrorLines.ShouldHaveSingleItem().ShouldContain("holds a damaged or foreign openmss.db");
    }
}
