using System.Text;

namespace OpenMss.Operator.Indicators;

/// <summary>
/// Writes lines into numbered files <c>{prefix}_001.csv</c>, <c>_002</c>… each under a byte limit (70 MB for ANS,
/// seed 000 #6) and each starting with the header line, so that every part reads on its own. Parts are written under
/// a temporary name, flushed to disk and renamed when complete: a file with the final name is whole.
/// </summary>
public sealed class PartedFileWriter : IAsyncDisposable
{
    private readonly string directory;
    private readonly string prefix;
    private readonly byte[] header;
    private readonly long maxPartBytes;
    private readonly List<string> completed = [];
    private byte[] buffer = new byte[1024];
    private FileStream? current;
    private string? currentPath;

    public PartedFileWriter(string directory, string prefix, string headerLine, long maxPartBytes)
    {
        this.directory = directory;
        this.prefix = prefix;
        header = Encoding.UTF8.GetBytes(headerLine);
        if (maxPartBytes < header.Length * 2L)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPartBytes), "A part must hold at least its header and a line.");
        }

        this.maxPartBytes = maxPartBytes;
    }

    /// <summary>The complete parts, in order.</summary>
    public IReadOnlyList<string> Parts => completed;

    public long Lines { get; private set; }

    /// <summary>Writes one line (its UTF-8 bytes), starting a new part first when it would not fit in this one.</summary>
    public async ValueTask WriteAsync(DelimitedLine line, CancellationToken cancellationToken)
    {
        var count = line.EndInto(ref buffer);
        if (count > maxPartBytes - header.Length)
        {
            throw new InvalidOperationException($"A line of {count} bytes does not fit in a part of {maxPartBytes} bytes.");
        }

        if (current is null || current.Position + count > maxPartBytes)
        {
            await NextPartAsync(cancellationToken);
        }

        // Synchronous: the stream's buffer takes it, and an export writes one line per row, millions of times.
        current!.Write(buffer, 0, count);
        Lines++;
    }

    /// <summary>Completes the last part; a file with no line still gets one part holding the header.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (current is null)
        {
            await NextPartAsync(cancellationToken);
        }

        await CloseCurrentAsync(cancellationToken);
    }

    /// <summary>Removes what an unfinished export left (its temporary part), keeping nothing half-written.</summary>
    public async ValueTask DisposeAsync()
    {
        if (current is not null)
        {
            await current.DisposeAsync();
            File.Delete(currentPath!);
            current = null;
        }
    }

    private async Task NextPartAsync(CancellationToken cancellationToken)
    {
        await CloseCurrentAsync(cancellationToken);
        currentPath = Path.Combine(directory, $"{FinalName(completed.Count + 1)}.partial");
        current = new FileStream(currentPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false);
        await current.WriteAsync(header, cancellationToken);
    }

    private async Task CloseCurrentAsync(CancellationToken cancellationToken)
    {
        if (current is null)
        {
            return;
        }

        await current.FlushAsync(cancellationToken);
        current.Flush(flushToDisk: true);
        await current.DisposeAsync();
        current = null;
        var final = Path.Combine(directory, FinalName(completed.Count + 1));
        File.Move(currentPath!, final, overwrite: true);
        completed.Add(final);
    }

    private string FinalName(int part) => $"{prefix}_{part:D3}.csv";
}
