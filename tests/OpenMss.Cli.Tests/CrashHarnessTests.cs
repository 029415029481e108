using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>
/// The short version of bench/crash-harness in CI: three SIGKILLs of a server under submission load, on each
/// backend; every acknowledged message is stored exactly once and the store checks sound.
/// </summary>
public sealed class CrashHarnessTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task No_acknowledged_message_is_lost_or_stored_twice_across_sigkills(string backend)
    {
        var environment = new Dictionary<string, string>
        {
            [TestPostgres.Variable] = Environment.GetEnvironmentVariable(TestPostgres.Variable)
                ?? throw new InvalidOperationException($"{TestPostgres.Variable} is not set; run the tests through ./test.sh."),
        };

        var run = await ProcessRunner.RunAsync(
            "python3",
            [Path.Combine(Repository.Root, "bench", "crash-harness"), "--backend", backend, "--rounds", "3", "--clients", "4", "--min-up", "0.5", "--max-up", "1.5"],
            Repository.Root,
            TimeSpan.FromMinutes(8),
            environment);

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        var summary = run.Out.Trim().Split('\n').Last();
        summary.ShouldStartWith($"crash harness ({backend}, seed ");
        summary.ShouldContain(" 0 lost, 0 stored twice, ");
        summary.ShouldEndWith("; sound.");
    }
}
