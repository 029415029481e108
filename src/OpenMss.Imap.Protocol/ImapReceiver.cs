using System.Buffers;
using System.Globalization;
using System.Text;

namespace OpenMss.Imap.Protocol;

public enum ReceiveStatus
{
    /// <summary>A whole request was read (<see cref="ImapReceiver.Request"/>).</summary>
    Request,

    /// <summary>Feed more bytes.</summary>
    NeedMore,

    /// <summary>A synchronising literal was announced and accepted: send "+ " and feed more bytes (RFC 3501 §7.5).</summary>
    NeedContinuation,

    /// <summary>The request is refused (<see cref="ImapReceiver.Error"/>); what belonged to it was consumed.</summary>
    Error,
}

/// <summary>
/// Reads requests from bytes without doing I/O, the way Stalwart's receiver does: lines, and literals between them
/// (<c>{n}</c> synchronising, <c>{n+}</c> LITERAL+, <c>{n-}</c> LITERAL-). Every line, literal and request is
/// bounded; a refused synchronising literal is never sent by the client, a refused non-synchronising one is read and
/// dropped so that the connection stays in step. Bare LF ends a line too, as most servers accept.
/// </summary>
public sealed class ImapReceiver(ImapLimits limits)
{
    private readonly List<byte> _text = [];
    private readonly List<byte[]> _literals = [];
    private byte[]? _literal;
    private long _literalFilled;
    private long _discard;
    private bool _skipLine;
    private ImapRequestError? _failure;

    public ImapRequest? Request { get; private set; }

    public ImapRequestError? Error { get; private set; }

    public ReceiveStatus Receive(ref ReadOnlySequence<byte> buffer)
    {
        Request = null;
        Error = null;
        while (true)
        {
            if (_discard > 0)
            {
                var drop = Math.Min(_discard, buffer.Length);
                buffer = buffer.Slice(drop);
                _discard -= drop;
                if (_discard > 0)
                {
                    return ReceiveStatus.NeedMore;
                }
            }

            if (_literal is not null)
            {
                var take = (int)Math.Min(_literal.Length - _literalFilled, buffer.Length);
                buffer.Slice(0, take).CopyTo(_literal.AsSpan((int)_literalFilled));
                buffer = buffer.Slice(take);
                _literalFilled += take;
                if (_literalFilled < _literal.Length)
                {
                    return ReceiveStatus.NeedMore;
                }

                _literals.Add(_literal);
                _literal = null;
            }

            if (_skipLine)
            {
                var end = buffer.PositionOf((byte)'\n');
                if (end is null)
                {
                    buffer = buffer.Slice(buffer.End);
                    return ReceiveStatus.NeedMore;
                }

                buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
                _skipLine = false;
                Reset();
                continue;
            }

            var window = buffer.Length > limits.MaxLineLength + 2 ? buffer.Slice(0, limits.MaxLineLength + 2) : buffer;
            var lf = window.PositionOf((byte)'\n');
            if (lf is null)
            {
                if (buffer.Length <= limits.MaxLineLength + 1)
                {
                    return ReceiveStatus.NeedMore;
                }

                // Too long: drop what was examined, and the rest of the line as it comes.
                buffer = buffer.Slice(window.End);
                _skipLine = true;
                return Fail(new ImapRequestError(TagOf(), Responses.ResponseCode.TooBig, "Line too long."));
            }

            var line = buffer.Slice(0, lf.Value).ToArray();
            buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));

            var length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
            if (_text.Count + length > limits.MaxRequestText)
            {
                return Fail(new ImapRequestError(TagOf(), Responses.ResponseCode.TooBig, "Command too long."));
            }

            _text.AddRange(line.AsSpan(0, length));
            if (!TryLiteralMarker(line.AsSpan(0, length), out var size, out var synchronising))
            {
                return Complete();
            }

            var tag = TagOf();
            var limit = IsAppend() ? limits.MaxAppendLiteral : limits.MaxLiteral;
            if (_literals.Count >= limits.MaxLiterals || size > limit)
            {
                var error = new ImapRequestError(tag, Responses.ResponseCode.TooBig, size > limit ? $"Literal of {size} octets exceeds the limit of {limit}." : "Too many literals.");
                if (synchronising)
                {
                    // The client waits for "+" and will not send the literal: the request ends here.
                    Reset();
                    return Fail(error);
                }

                // A non-synchronising literal comes anyway: read and drop it, then the rest of the request.
                _failure = error;
                _discard = size;
                _text.Clear();
                continue;
            }

            _literal = new byte[size];
            _literalFilled = 0;
            if (synchronising && _failure is null)
            {
                return ReceiveStatus.NeedContinuation;
            }
        }
    }

    private ReceiveStatus Complete()
    {
        if (_failure is not null)
        {
            var failure = _failure;
            Reset();
            return Fail(failure);
        }

        try
        {
            Request = new ImapTokenizer(_text.ToArray(), _literals, limits.MaxDepth).ReadRequest();
            Reset();
            return ReceiveStatus.Request;
        }
        catch (ImapSyntaxException e)
        {
            var tag = TagOf();
            Reset();
            return Fail(new ImapRequestError(tag, null, e.Message));
        }
    }

    private ReceiveStatus Fail(ImapRequestError error)
    {
        Error = error;
        if (!_skipLine && _discard == 0)
        {
            Reset();
        }

        return ReceiveStatus.Error;
    }

    private void Reset()
    {
        _text.Clear();
        _literals.Clear();
        _literal = null;
        _literalFilled = 0;
        _failure = null;
    }

    /// <summary>"{n}", "{n+}" or "{n-}" at the end of a line announces a literal (RFC 3501 §4.3, RFC 7888).</summary>
    private static bool TryLiteralMarker(ReadOnlySpan<byte> line, out long size, out bool synchronising)
    {
        size = 0;
        synchronising = true;
        if (line.Length < 3 || line[^1] != '}')
        {
            return false;
        }

        var open = line.LastIndexOf((byte)'{');
        if (open < 0)
        {
            return false;
        }

        var inner = line[(open + 1)..^1];
        if (inner.Length > 0 && inner[^1] is (byte)'+' or (byte)'-')
        {
            synchronising = false;
            inner = inner[..^1];
        }

        return inner.Length is > 0 and <= 19 && inner.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && long.TryParse(Encoding.ASCII.GetString(inner), NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    /// <summary>The tag of the request being read, or "*" when it has none yet.</summary>
    private string TagOf()
    {
        var space = _text.IndexOf((byte)' ');
        var tag = Encoding.ASCII.GetString(_text.GetRange(0, space < 0 ? Math.Min(_text.Count, 65) : space).ToArray());
        return ImapTokenizer.IsTag(tag) ? tag : "*";
    }

    private bool IsAppend()
    {
        var words = Encoding.ASCII.GetString(_text.Take(64).ToArray()).Split(' ');
        return words.Length > 1 && words[1].Equals("APPEND", StringComparison.OrdinalIgnoreCase);
    }
}
