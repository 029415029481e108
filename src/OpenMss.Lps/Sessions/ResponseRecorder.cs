using System.Text;
using MailKit;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// Keeps the operator's last few response lines in memory, so that a failure MailKit reports as one opaque
/// exception can be told apart by its RFC 5530 code, its enhanced status code or its XOAUTH2 error challenge.
/// Server lines never carry the client's secrets; they are never written anywhere. When the application gives a
/// transcript logger, every line goes on to it, with MailKit's secret detector redacting the client's credentials.
/// </summary>
internal sealed class ResponseRecorder(IProtocolLogger? transcript) : IProtocolLogger
{
    private const int MaxLines = 8;
    private const int MaxLineLength = 4096;
    private readonly LinkedList<string> _lines = new();
    private readonly StringBuilder _partial = new();
    private readonly object _gate = new();

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
            lock (_gate)
            {
                return _lines.ToList();
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _lines.Clear();
            _partial.Clear();
        }
    }

    public void LogConnect(Uri uri) => transcript?.LogConnect(uri);

    public void LogClient(byte[] buffer, int offset, int count) => transcript?.LogClient(buffer, offset, count);

    public void LogServer(byte[] buffer, int offset, int count)
    {
        transcript?.LogServer(buffer, offset, count);
        lock (_gate)
        {
            for (var i = offset; i < offset + count; i++)
            {
                var c = (char)buffer[i];
                if (c == '\n')
                {
                    _lines.AddLast(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                    if (_lines.Count > MaxLines)
                    {
                        _lines.RemoveFirst();
                    }
                }
                else if (_partial.Length < MaxLineLength)
                {
                    _partial.Append(c);
                }
            }
        }
    }

    public void Dispose() => transcript?.Dispose();
}
