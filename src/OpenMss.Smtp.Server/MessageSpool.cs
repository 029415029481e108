using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>
/// Holds a message's content while it arrives: in memory up to a threshold, then in a temporary file deleted when
/// the spool is disposed (or by the system's temporary-file cleaning if the process dies).
/// </summary>
internal sealed class MessageSpool(int memoryThreshold, string directory) : IContentSink, IDisposable
{
    private MemoryStream? _memory = new();
    private FileStream? _file;

    public long Length => _file?.Length ?? _memory!.Length;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_memory is not null && _memory.Length + bytes.Length > memoryThreshold)
        {
            var path = Path.Combine(directory, $"openmss-spool-{Guid.NewGuid():N}.tmp");
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose);
            _memory.Position = 0;
            _memory.CopyTo(_file);
            _memory = null;
        }

        if (_file is not null)
        {
            _file.Write(bytes);
        }
        else
        {
            _memory!.Write(bytes);
        }
    }

    /// <summary>A fresh reader over everything written so far.</summary>
    public Stream OpenRead()
    {
        if (_file is null)
        {
            return new MemoryStream(_memory!.GetBuffer(), 0, (int)_memory.Length, writable: false);
        }

        _file.Flush();
        return new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
    }

    public void Dispose()
    {
        _file?.Dispose();
        _memory?.Dispose();
    }
}
