namespace OpenMss.TestSupport;

/// <summary>
/// Ports handed to a server that binds them later (a process still starting, a fixture still building), reserved for
/// a while across every test process of the run. A port checked free is otherwise free for everyone: the test
/// projects running alongside pick from the same band, and one of them could take it before its server binds it.
/// </summary>
internal static class PortReservations
{
    /// <summary>As long as <see cref="SandboxProcess"/> waits for a sandbox to start: its ports are bound by then.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "openmss-test-ports");

    /// <summary>
    /// Reserves <paramref name="ports"/> when no test reserved any of them within the lease and <paramref name="free"/>
    /// finds them free now; false otherwise, so that the caller tries other ports.
    /// </summary>
    public static bool TryReserve(IReadOnlyCollection<int> ports, Func<bool> free)
    {
        // One lock for every process of this user (a Global\ named mutex), waited on without polling; a holder that
        // died hands it over abandoned.
        using var mutex = new Mutex(false, @"Global\openmss-test-ports");
        try
        {
            if (!mutex.WaitOne(LockWait))
            {
                throw new TimeoutException($"Another test process held the port reservations for {LockWait.TotalSeconds} s.");
            }
        }
        catch (AbandonedMutexException)
        {
        }

        try
        {
            Directory.CreateDirectory(Folder);
            if (ports.Any(Reserved().Contains) || !free())
            {
                return false;
            }

            File.WriteAllText(Path.Combine(Folder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.ports"), string.Join(' ', ports));
            return true;
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }

    private static HashSet<int> Reserved()
    {
        var reserved = new HashSet<int>();
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles("*.ports"))
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc > Lease)
            {
                file.Delete();
                continue;
            }

            reserved.UnionWith(File.ReadAllText(file.FullName).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        }

        return reserved;
    }
}
