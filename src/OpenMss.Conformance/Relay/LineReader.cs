namespace OpenMss.Conformance.Relay;

/// <summary>
/// Reads CRLF lines and counted byte runs from a stream with its own buffer, so that the relay knows exactly what a
/// peer sent beyond a line (plaintext pipelined behind STARTTLS). Lines are bounded; a longer one ends the session.
/// </summary>
public sealed class LineReader(Stream stream, int maxLine = LineReader.DefaultMaxLine)
{
    /// <summary>A PSC token in an XOAUTH2 line is a few kilobytes; 64 KiB bounds any honest line (RFC 4954 asks for 12,288 octets at least).</summary>
    public const int DefaultMaxLine = 64 * 1024;

    private readonly byte[] _buffer = new byte[Math.Max(maxLine, 16 * 1024) + 2];
    private int _start;
    private int _end;

    /// <summary>Bytes read from the stream and not yet consumed.</summary>
    public int Buffered => _end - _start;

    /// <summary>The next line with its line ending, or null at the end of the stream (an unterminated tail is returned as a line).</summary>
    /// <exception cref="InvalidDataException">The line is longer than the bound.</exception>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var index = Array.IndexOf(_buffer, (byte)'\n', _start + searched, _end - _start - searched);
            if (index >= 0)
            {
                var line = _buffer[_start..(index + 1)];
                _start = index + 1;
                return line;
            }

            searched = _end - _start;
            if (searched > maxLine)
            {
                throw new InvalidDataException($"A line longer than {maxLine} bytes was sent.");
            }

            if (!await FillAsync(cancellationToken))
            {
                if (_end == _start)
                {
                    return null;
                }

                var tail = _buffer[_start.._end];
                _start = _end;
                return tail;
            }
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes to <paramref name="destination"/> (and to <paramref name="capture"/> while it has room).</summary>
    /// <returns>false when the stream ended first.</returns>
    public async Task<bool> CopyAsync(long count, Stream destination, Stream? capture, long captureLimit, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_end == _start && !await FillAsync(cancellationToken))
            {
                return false;
            }

            var take = (int)Math.Min(count, _end - _start);
            await destination.WriteAsync(_buffer.AsMemory(_start, take), cancellationToken);
            if (capture is not null && capture.Length < captureLimit)
            {
                capture.Write(_buffer, _start, (int)Math.Min(take, captureLimit - capture.Length));
            }

            _start += take;
            count -= take;
        }

        return true;
    }

    /// <summary>Drops what was read but not consumed and returns how many bytes that was.</summary>
    public int DiscardBuffered()
    {
        var count = _end - _start;
        _start = _end = 0;
        return count;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            return true;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }
}
