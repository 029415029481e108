using System.Text;
using MailKit;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// Keeps the last bytes the operator sent, so that a failure MailKit reports as one opaque exception can be told
/// apart by its RFC 5530 code, its enhanced status code or its XOAUTH2 error challenge. Recording is one copy into
/// a small ring (a 20 KB FETCH must not cost a string per line); lines are cut only when a failure asks for them.
/// Server lines never carry the client's secrets, and they are never written anywhere. When the application gives
/// a transcript logger, everything goes on to it, with MailKit's secret detector redacting the credentials.
/// </summary>
internal sealed class ResponseRecorder(IProtocolLogger? transcript) : IProtocolLogger
{
    private const int Capacity = 2048; // a few final lines: a tagged reply, a 421, an XOAUTH2 challenge of ~150 bytes
    private const int MaxLines = 8;
    private readonly byte[] _ring = new byte[Capacity];
    private readonly object _gate = new();
    private long _written;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector
    {
        get => transcript?.AuthenticationSecretDetector;
        set
        {
            if (transcript is not null && value is not null)
            {
                transcript.AuthenticationSecretDetector = value;
            }
        }
    }

    /// <summary>The last complete lines the server sent, oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            byte[] tail;
            lock (_gate)
            {
                var length = (int)Math.Min(_written, Capacity);
                tail = new byte[length];
                var start = (int)((_written - length) % Capacity);
                var first = Math.Min(length, Capacity - start);
                Buffer.BlockCopy(_ring, start, tail, 0, first);
                Buffer.BlockCopy(_ring, 0, tail, first, length - first);
            }

            var text = Encoding.GetEncoding("ISO-8859-1").GetString(tail);
            var complete = text.LastIndexOf('\n');
            var lines = complete < 0 ? [] : text.Substring(0, complete).Split('\n');
            var skip = _written > Capacity ? 1 : 0; // the first line of a full ring may be cut
            return lines.Skip(skip).Select(l => l.TrimEnd('\r')).Reverse().Take(MaxLines).Reverse().ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _written = 0;
        }
    }

    public void LogConnect(Uri uri) => transcript?.LogConnect(uri);

    public void LogClient(byte[] buffer, int offset, int count) => transcript?.LogClient(buffer, offset, count);

    public void LogServer(byte[] buffer, int offset, int count)
    {
        transcript?.LogServer(buffer, offset, count);
        lock (_gate)
        {
            if (count > Capacity)
            {
                offset += count - Capacity;
                _written += count - Capacity;
                count = Capacity;
            }

            var at = (int)(_written % Capacity);
            var first = Math.Min(count, Capacity - at);
            Buffer.BlockCopy(buffer, offset, _ring, at, first);
            Buffer.BlockCopy(buffer, offset + first, _ring, 0, count - first);
            _written += count;
        }
    }

    public void Dispose() => transcript?.Dispose();
}
