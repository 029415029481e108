using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenMss.Storage.Sqlite;

/// <summary>
/// Reserves disk blocks for a file without changing its length (Linux fallocate with FALLOC_FL_KEEP_SIZE), so that
/// appends into the reserved range do not allocate, and the length still says how far the writes went.
/// </summary>
internal static partial class FileSpace
{
    private const int KeepSize = 1; // FALLOC_FL_KEEP_SIZE

    /// <summary>Best effort: where the system or file system cannot reserve, appends allocate as they go.</summary>
    public static void Reserve(SafeFileHandle handle, long offset, long length)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Fallocate((int)handle.DangerousGetHandle(), KeepSize, offset, length);
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(int fd, int mode, long offset, long length);
}
