using Microsoft.Extensions.Logging.Abstractions;
using OpenMss.Operator.Memory;

namespace OpenMss.Operator.Tests;

/// <summary>Memory is given back once a burst has passed and the process is quiet, and only then.</summary>
public sealed class MemoryTrimmerTests
{
    private const long MiB = 1048576;

    [Fact]
    public void The_policy_waits_for_a_quiet_process_holding_more_than_its_floor()
    {
        var policy = new MemoryTrimPolicy(32 * MiB);

        policy.Observe(new MemorySample(100 * MiB, 10)).ShouldBeFalse(); // first look: nothing to compare
        policy.Observe(new MemorySample(100 * MiB, 40)).ShouldBeFalse(); // busy collecting
        policy.Observe(new MemorySample(100 * MiB, 41)).ShouldBeTrue();  // quiet: what starting up left goes back
        policy.Trimmed(new MemorySample(60 * MiB, 42));
        policy.Observe(new MemorySample(180 * MiB, 90)).ShouldBeFalse(); // a burst of sessions
        policy.Observe(new MemorySample(180 * MiB, 90)).ShouldBeTrue();  // they left: quiet, far above the floor
        policy.Trimmed(new MemorySample(70 * MiB, 91));
        policy.Observe(new MemorySample(80 * MiB, 91)).ShouldBeFalse(); // quiet, within the threshold of the floor
    }

    [Fact]
    public void The_trimmer_gives_memory_back_once_per_burst()
    {
        var resident = 100 * MiB;
        var collections = 0;
        var trims = 0;
        using var trimmer = new MemoryTrimmer(new MemoryTrimPolicy(32 * MiB), TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger.Instance)
        {
            Sample = () => new MemorySample(resident, collections),
            Trim = () =>
            {
                trims++;
                resident = 105 * MiB;
            },
        };

        trimmer.Check().ShouldBeFalse(); // the first look has nothing to compare with
        trimmer.Check().ShouldBeTrue(); // quiet after start: 100 MiB above nothing
        (resident, collections) = (200 * MiB, 50);
        trimmer.Check().ShouldBeFalse(); // sessions came: busy collecting
        trimmer.Check().ShouldBeTrue(); // they left: quiet, far above the floor
        trimmer.Check().ShouldBeFalse(); // nothing more to give back

        trims.ShouldBe(2);
    }
}
