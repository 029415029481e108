using System.Buffers;

namespace OpenMss.Smtp.Protocol;

/// <summary>Where message content goes as it is read.</summary>
public interface IContentSink
{
    void Write(ReadOnlySpan<byte> bytes);
}

/// <summary>
/// Reads message content incrementally, without I/O: after DATA, dot-stuffed text ending with CRLF "." CRLF
/// (RFC 5321 §4.5.2; only that exact sequence ends it, so no bare-LF variant can smuggle a second message); after
/// BDAT, raw chunks of known size (RFC 3030). It keeps no more than the size limit (beyond it the content is read
/// and dropped, so the refusal comes at the right moment), and notes bare CR or LF and NUL bytes, which a message
/// must not contain (RFC 5322 §2.3), so that the session can refuse it.
/// </summary>
public sealed class MessageContentReader(long maxSize, IContentSink sink)
{
    private State _state = State.LineStart;
    private bool _previousCr;

    private enum State
    {
        LineStart,
        Text,
        Cr,
        Dot,
        DotCr,
    }

    /// <summary>Content octets seen (after unstuffing), kept or not.</summary>
    public long Size { get; private set; }

    public bool TooLarge => Size > maxSize;

    /// <summary>A CR not followed by LF, or an LF not preceded by CR.</summary>
    public bool BareLineEnd { get; private set; }

    public bool HasNul { get; private set; }

    /// <summary>Reads dot-stuffed DATA content; true once the terminating CRLF.CRLF was read (and consumed).</summary>
    public bool ReadData(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var done = false;
        while (!done && reader.TryPeek(out var b))
        {
            switch (_state)
            {
                case State.Text:
                    var span = reader.UnreadSpan;
                    var stop = span.IndexOfAny((byte)'\r', (byte)'\n', (byte)0);
                    var run = stop < 0 ? span : span[..stop];
                    if (run.Length > 0)
                    {
                        Emit(run);
                        reader.Advance(run.Length);
                        continue;
                    }

                    reader.Advance(1);
                    if (b == '\r')
                    {
                        _state = State.Cr;
                    }
                    else if (b == '\n')
                    {
                        // A bare LF does not start a line: "LF . CRLF" must not end the message.
                        BareLineEnd = true;
                        Emit("\n"u8);
                    }
                    else
                    {
                        HasNul = true;
                        Emit([b]);
                    }

                    break;
                case State.LineStart:
                    if (b == '.')
                    {
                        reader.Advance(1);
                        _state = State.Dot;
                    }
                    else
                    {
                        _state = State.Text;
                    }

                    break;
                case State.Cr:
                    if (b == '\n')
                    {
                        reader.Advance(1);
                        Emit("\r\n"u8);
                        _state = State.LineStart;
                    }
                    else
                    {
                        BareLineEnd = true;
                        Emit("\r"u8);
                        _state = State.Text;
                    }

                    break;
                case State.Dot:
                    if (b == '\r')
                    {
                        reader.Advance(1);
                        _state = State.DotCr;
                    }
                    else
                    {
                        // A stuffed dot: the first of two is dropped (§4.5.2); a lone dot before other text too.
                        _state = State.Text;
                        if (b == '.')
                        {
                            reader.Advance(1);
                            Emit("."u8);
                        }
                    }

                    break;
                case State.DotCr:
                    if (b == '\n')
                    {
                        reader.Advance(1);
                        done = true;
                    }
                    else
                    {
                        BareLineEnd = true;
                        Emit("\r"u8);
                        _state = State.Text;
                    }

                    break;
            }
        }

        buffer = buffer.Slice(reader.Position);
        return done;
    }

    /// <summary>Reads one BDAT chunk's octets as they are; returns how many of <paramref name="remaining"/> were taken.</summary>
    public long ReadChunk(ref ReadOnlySequence<byte> buffer, long remaining)
    {
        var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
        foreach (var segment in take)
        {
            var span = segment.Span;
            for (var i = 0; i < span.Length; i++)
            {
                var b = span[i];
                if (b == 0)
                {
                    HasNul = true;
                }
                else if ((b == '\n') != _previousCr)
                {
                    BareLineEnd = true;
                }

                _previousCr = b == '\r';
            }

            Emit(span);
        }

        buffer = buffer.Slice(take.Length);
        return take.Length;
    }

    /// <summary>After the last BDAT chunk: content ending in a bare CR is malformed too.</summary>
    public void EndChunks()
    {
        if (_previousCr)
        {
            BareLineEnd = true;
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        var keep = Size >= maxSize ? 0 : (int)Math.Min(bytes.Length, maxSize - Size);
        Size += bytes.Length;
        if (keep > 0)
        {
            sink.Write(bytes[..keep]);
        }
    }
}
