using System.Globalization;

namespace OpenMss.Load;

/// <summary>
/// Samples a server process on this machine through /proc: resident memory (VmRSS) and CPU time (utime + stime),
/// every 250 ms while a run lasts.
/// </summary>
internal sealed class ServerSampler : IAsyncDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<long> _rss = [];
    private readonly Task _loop;
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private readonly long _startTicks;

    public ServerSampler(int pid)
    {
        _pid = pid;
        _startTicks = CpuTicks();
        _loop = LoopAsync();
    }

    /// <summary>Resident memory now, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{_pid}/status has no VmRSS.");
    }

    public async Task<ServerFigures> FinishAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var wall = (DateTime.UtcNow - _startedAt).TotalSeconds;
        var cpu = (CpuTicks() - _startTicks) / ClockTicksPerSecond;
        lock (_rss)
        {
            return new ServerFigures(
                _pid,
                Mib(_rss.FirstOrDefault()),
                Mib(_rss.DefaultIfEmpty().Max()),
                Mib(_rss.LastOrDefault()),
                Math.Round(cpu / wall * 100, 1));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        do
        {
            var rss = ResidentBytes();
            lock (_rss)
            {
                _rss.Add(rss);
            }
        }
        while (await Tick(timer));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private long CpuTicks()
    {
        var stat = File.ReadAllText($"/proc/{_pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static double Mib(long bytes) => Math.Round(bytes / 1048576.0, 1);
}

/// <summary>The server process during a run: resident memory at start, peak and end (MiB), and CPU used (100 = one core).</summary>
internal sealed record ServerFigures(int Pid, double RssStartMib, double RssMaxMib, double RssEndMib, double CpuPercent);
