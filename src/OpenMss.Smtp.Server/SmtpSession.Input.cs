using OpenMss.Net;
using System.Buffers;
using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>Reading from the connection: lines, DATA content and BDAT chunks, each under its own deadline.</summary>
internal sealed partial class SmtpSession
{
    private bool _skippingLine;

    private enum ReadStatus
    {
        Line,
        Closed,
        TimedOut,
        Stopping,
        BareLineFeed,
        TooLong,
    }

    /// <summary>A deadline for one unit of input (a line, a message), cancelled early when the server stops.</summary>
    private SessionDeadline Deadline(TimeSpan timeout) => new(timeout, _front.Clock, _front.Stopping);

    /// <summary>The next input, or null when the deadline passed or the server is stopping.</summary>
    private async Task<System.IO.Pipelines.ReadResult?> ReadAsync(CancellationToken deadline)
    {
        try
        {
            return await _connection.Input.ReadAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private ReadStatus Interrupted() => _front.Stopping.IsCancellationRequested ? ReadStatus.Stopping : ReadStatus.TimedOut;

    /// <summary>The next line, which must be complete within the command timeout from now, however slowly it comes.</summary>
    private async Task<(ReadStatus Status, byte[]? Line)> ReadLineAsync(int maxLength)
    {
        using var deadline = Deadline(_limits.CommandTimeout);
        var input = _connection.Input;
        while (true)
        {
            if (await ReadAsync(deadline.Token) is not { } result)
            {
                return (Interrupted(), null);
            }

            var buffer = result.Buffer;
            if (_skippingLine)
            {
                _skippingLine = !LineReader.Skip(ref buffer);
                input.AdvanceTo(buffer.Start);
                if (result.IsCompleted)
                {
                    return (ReadStatus.Closed, null);
                }

                continue;
            }

            switch (LineReader.TryRead(ref buffer, maxLength, out var line))
            {
                case LineStatus.Line:
                    var bytes = line.ToArray();
                    input.AdvanceTo(buffer.Start);
                    return (ReadStatus.Line, bytes);
                case LineStatus.BareLineFeed:
                    input.AdvanceTo(buffer.Start);
                    return (ReadStatus.BareLineFeed, null);
                case LineStatus.TooLong:
                    _skippingLine = !LineReader.Skip(ref buffer);
                    input.AdvanceTo(buffer.Start);
                    return (ReadStatus.TooLong, null);
                default:
                    if (result.IsCompleted)
                    {
                        return (ReadStatus.Closed, null);
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    break;
            }
        }
    }

    /// <summary>DATA content up to CRLF.CRLF, all of it within the data timeout.</summary>
    private async Task<ReadStatus> ReadDataAsync(MessageContentReader reader)
    {
        using var deadline = Deadline(_limits.DataTimeout);
        var input = _connection.Input;
        while (true)
        {
            if (await ReadAsync(deadline.Token) is not { } result)
            {
                return Interrupted();
            }

            var buffer = result.Buffer;
            var done = reader.ReadData(ref buffer);
            input.AdvanceTo(buffer.Start);
            if (done)
            {
                return ReadStatus.Line;
            }

            if (result.IsCompleted)
            {
                return ReadStatus.Closed;
            }
        }
    }

    /// <summary>Exactly <paramref name="size"/> octets of a BDAT chunk, into the reader or (when null) dropped.</summary>
    private async Task<ReadStatus> ReadChunkAsync(MessageContentReader? reader, long size)
    {
        using var deadline = Deadline(_limits.DataTimeout);
        var input = _connection.Input;
        var remaining = size;
        while (remaining > 0)
        {
            if (await ReadAsync(deadline.Token) is not { } result)
            {
                return Interrupted();
            }

            var buffer = result.Buffer;
            if (reader is not null)
            {
                remaining -= reader.ReadChunk(ref buffer, remaining);
            }
            else
            {
                var take = Math.Min(remaining, buffer.Length);
                buffer = buffer.Slice(take);
                remaining -= take;
            }

            input.AdvanceTo(buffer.Start);
            if (remaining > 0 && result.IsCompleted)
            {
                return ReadStatus.Closed;
            }
        }

        return ReadStatus.Line;
    }

    private async Task DiscardChunkAsync(long size)
    {
        if (await ReadChunkAsync(null, size) != ReadStatus.Line)
        {
            _closing = true;
        }
    }

    /// <summary>Whether a whole command line is already waiting (then replies are held for one flush, RFC 2920).</summary>
    private bool HasCompleteLine()
    {
        if (!_connection.Input.TryRead(out var result))
        {
            return false;
        }

        var complete = result.Buffer.PositionOf((byte)'\n') is not null;
        _connection.Input.AdvanceTo(result.Buffer.Start);
        return complete;
    }
}
