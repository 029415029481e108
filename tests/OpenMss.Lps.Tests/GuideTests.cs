using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The guide shows the quick start that the tests run, not a copy that drifts from it.</summary>
public sealed class GuideTests
{
    [Fact]
    public async Task The_quick_start_in_docs_lps_sdk_is_the_sample_program_line_for_line()
    {
        var guide = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "lps-sdk.md"));
        var program = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "samples", "OpenMss.Lps.QuickStart", "Program.cs"));
        var start = guide.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var end = guide.IndexOf("```", start, StringComparison.Ordinal);

        guide[start..end].ShouldBe(program);
    }
}

/// <summary>What an editor installs: <c>dotnet pack</c> makes one package for both frameworks, with its README and dependencies.</summary>
public sealed class PackageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Dotnet_pack_makes_the_package_for_netstandard2_0_and_net10_0_with_its_readme()
    {
        var pack = await ProcessRunner.RunAsync("dotnet", ["pack", Path.Combine(Repository.Root, "src", "OpenMss.Lps"), "-c", "Release", "--no-build", "-nologo", "-o", _directory.Path], timeout: TimeSpan.FromMinutes(3));
        pack.ExitCode.ShouldBe(0, pack.Out + pack.Error);

        using var package = System.IO.Compression.ZipFile.OpenRead(Directory.GetFiles(_directory.Path, "OpenMss.Lps.*.nupkg").Single());
        var entries = package.Entries.Select(e => e.FullName).ToList();
        entries.ShouldContain("lib/netstandard2.0/OpenMss.Lps.dll");
        entries.ShouldContain("lib/net10.0/OpenMss.Lps.dll");
        entries.ShouldContain("README.md");
        using var nuspec = new StreamReader(package.GetEntry("OpenMss.Lps.nuspec")!.Open());
        var manifest = await nuspec.ReadToEndAsync();
        manifest.ShouldContain("<dependency id=\"MailKit\" version=\"4.18.2\"");
        manifest.ShouldContain("<dependency id=\"DnsClient\" version=\"1.8.0\"");
        manifest.ShouldContain("<dependency id=\"OpenMss.Xdm\" version=\"0.1.0\"");
        manifest.ShouldNotContain("OpenMss.Operator");
        manifest.ShouldNotContain("OpenMss.Net\"");
    }
}
