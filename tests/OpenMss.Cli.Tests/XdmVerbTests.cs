using System.IO.Compression;
using System.Text.Json;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary><c>openmss xdm pack</c> and <c>inspect</c> (DESIGN.md §5): JSON for scripts, exit 1 with the problems named.</summary>
public sealed class XdmVerbTests : IDisposable
{
    private static readonly string Cda = Path.Combine(Repository.Root, "testdata", "cda");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_packed_archive_inspects_sound_with_its_patient_and_codes()
    {
        var zip = _directory.Combine("IHE_XDM.ZIP");

        var pack = await Cli.RunAsync("xdm", "pack", "--cda", Path.Combine(Cda, "crbio.xml"), "--cda", Path.Combine(Cda, "vsm.xml"), "--out", zip);
        var inspect = await Cli.RunAsync("xdm", "inspect", zip);

        pack.ExitCode.ShouldBe(0, pack.Error);
        inspect.ExitCode.ShouldBe(0, inspect.Error);
        var json = JsonDocument.Parse(inspect.Out).RootElement;
        json.GetProperty("sound").GetBoolean().ShouldBeTrue();
        json.GetProperty("patientId").GetString().ShouldBe("279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH");
        json.GetProperty("documents").EnumerateArray().Select(d => (d.GetProperty("code").GetString(), d.GetProperty("hashMatches").GetBoolean(), d.GetProperty("insQualified").GetBoolean()))
            .ShouldBe([("11502-2", true, true), ("60591-5", true, true)]);
    }

    [Fact]
    public async Task A_tampered_archive_prints_its_problems_and_exits_1_and_a_hostile_one_is_one_sentence()
    {
        var zip = _directory.Combine("IHE_XDM.ZIP");
        (await Cli.RunAsync("xdm", "pack", "--cda", Path.Combine(Cda, "crbio.xml"), "--out", zip)).ExitCode.ShouldBe(0);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            archive.GetEntry("IHE_XDM/SUBSET01/DOC0001.XML")!.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("IHE_XDM/SUBSET01/DOC0001.XML").Open());
            await writer.WriteAsync((await File.ReadAllTextAsync(Path.Combine(Cda, "crbio.xml"))).Replace("0,92", "1,92", StringComparison.Ordinal));
        }

        var hostile = _directory.Combine("hostile.zip");
        using (var archive = ZipFile.Open(hostile, ZipArchiveMode.Create))
        {
            archive.CreateEntry("../../evil.sh");
        }

        var tampered = await Cli.RunAsync("xdm", "inspect", zip);
        var refused = await Cli.RunAsync("xdm", "inspect", hostile);
        var missing = await Cli.RunAsync("xdm", "inspect", _directory.Combine("nowhere.zip"));

        tampered.ExitCode.ShouldBe(1);
        var problems = JsonDocument.Parse(tampered.Out).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        problems.ShouldHaveSingleItem()!.ShouldStartWith("DOC0001.XML: METADATA.XML gives the SHA-1 ");
        tampered.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("The archive has 1 problem(s): DOC0001.XML");
        (refused.ExitCode, refused.Out).ShouldBe((1, ""));
        refused.ErrorLines.ShouldHaveSingleItem().ShouldContain("'../../evil.sh' would leave the archive");
        missing.ExitCode.ShouldBe(2);
        File.Exists(Path.Combine(Path.GetDirectoryName(_directory.Path)!, "evil.sh")).ShouldBeFalse();
    }
}
