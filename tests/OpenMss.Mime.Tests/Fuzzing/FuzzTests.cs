using System.Diagnostics;
using System.Globalization;
using OpenMss.TestSupport;

namespace OpenMss.Mime.Tests.Fuzzing;

/// <summary>
/// Feeds mutated corpus messages to the parser and every view. No exception, no message slower than a bound,
/// allocations proportional to the input. CI runs it for OPENMSS_FUZZ_SECONDS (default 20); a failing input is
/// written to artifacts/fuzz-failures/ and then belongs in testdata/mime/regressions/.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan MaxPerMessage = TimeSpan.FromSeconds(2);

    [Fact]
    public void Mutated_messages_never_break_the_parser()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("OPENMSS_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("OPENMSS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var f) ? f : Environment.TickCount;
        var corpus = Directory.GetFiles(Path.Combine(Repository.Root, "testdata", "mime"), "*.eml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        var random = new Random(seed);
        var deadline = Stopwatch.StartNew();
        long iterations = 0;
        long bytes = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var iterationSeed = random.Next();
            var input = Mutator.Mutate(corpus[iterationSeed % corpus.Length], new Random(iterationSeed));
            Check(input, $"seed {seed}, iteration seed {iterationSeed}");
            iterations++;
            bytes += input.Length;
        }

        iterations.ShouldBeGreaterThan(100);
        Console.WriteLine($"fuzz: {iterations} messages, {bytes / 1_000_000} MB in {seconds} s (seed {seed})");
    }

    [Fact]
    public void Regression_inputs_stay_fixed()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "testdata", "mime", "regressions")))
        {
            Check(File.ReadAllBytes(file), Path.GetFileName(file));
        }
    }

    internal static void Check(byte[] input, string origin)
    {
        // OPENMSS_FUZZ_TRACE=FILE writes each input there first: after a crash (stack overflow, fail-fast) it holds the culprit.
        if (Environment.GetEnvironmentVariable("OPENMSS_FUZZ_TRACE") is { Length: > 0 } trace)
        {
            File.WriteAllBytes(trace, input);
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            var message = MimeParser.Parse(input);
            Exercise.All(message);
            message.Repairs.Count.ShouldBeLessThanOrEqualTo(MimeLimits.Default.MaxRepairs);
            message.Root.Walk().Count().ShouldBeLessThanOrEqualTo(MimeLimits.Default.MaxParts + 1);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"The parser failed on a fuzzed input ({origin}), saved as {Save(input)}: {e}", e);
        }

        if (clock.Elapsed > MaxPerMessage)
        {
            throw new InvalidOperationException($"A fuzzed input took {clock.Elapsed} ({origin}), saved as {Save(input)}.");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (allocated > 64L * input.Length + 8_000_000)
        {
            throw new InvalidOperationException($"A fuzzed input of {input.Length} bytes allocated {allocated} ({origin}), saved as {Save(input)}.");
        }
    }

    private static string Save(byte[] input)
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "fuzz-failures");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..16]}.eml");
        File.WriteAllBytes(path, input);
        return path;
    }
}
