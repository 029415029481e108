using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenMss.Operator.Memory;

/// <summary>
/// Gives memory back after a burst (docs/decisions.md, "Memory after sessions end"): every <c>interval</c>, asks
/// <see cref="MemoryTrimPolicy"/>, and when the process is quiet and holds much more than its floor, runs one
/// aggressive, compacting collection (which decommits what the GC keeps) and returns glibc's free heap pages.
/// Without it, an idle server keeps the memory of its last peak: with no allocation, no collection ever runs.
/// </summary>
public sealed partial class MemoryTrimmer(MemoryTrimPolicy policy, TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What is committed now; replaced in tests.</summary>
    public Func<MemorySample> Sample { get; init; } = () => new MemorySample(Environment.WorkingSet, GC.CollectionCount(0));

    /// <summary>Gives memory back; replaced in tests.</summary>
    public Action Trim { get; init; } = TrimProcess;

    /// <summary>One look: gives memory back when the policy says so; true when it did.</summary>
    public bool Check()
    {
        if (!policy.Observe(Sample()))
        {
            return false;
        }

        var before = Sample();
        Trim();
        var after = Sample();
        policy.Trimmed(after);
        Trimmed(logger, before.ResidentBytes / 1048576, after.ResidentBytes / 1048576);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, stoppingToken);
            Check();
        }
    }

    private static void TrimProcess()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            // Native allocations (TLS state, sockets) freed by the sessions stay in glibc's arenas until trimmed.
            _ = NativeMethods.MallocTrim(0);
        }
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Memory given back after a quiet period: resident set {BeforeMib} MiB, now {AfterMib} MiB")]
    private static partial void Trimmed(ILogger logger, long beforeMib, long afterMib);

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "malloc_trim")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static partial int MallocTrim(nuint pad);
    }
}
