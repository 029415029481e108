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
