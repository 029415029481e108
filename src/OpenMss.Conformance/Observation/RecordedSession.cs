using System.Collections.Concurrent;
using OpenMss.Net.Tls;

namespace OpenMss.Conformance.Observation;

/// <summary>
/// Everything one client connection to a listener of the tool showed: the redacted transcript, the TLS facts, the
/// authentication attempts and submitted messages. Written by the relay as the session runs, read by the judges.
/// </summary>
public sealed class RecordedSession(int id, string listener, WireProtocol protocol, DateTimeOffset started, string? remote, TimeProvider clock)
{
    private const int MaxLines = 2000;
    private const int MaxLineLength = 300;
    private readonly List<TranscriptLine> _lines = [];
    private readonly ConcurrentQueue<AuthAttempt> _authentications = new();
    private readonly ConcurrentQueue<SubmittedMessage> _messages = new();

    public int Id { get; } = id;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The listener's name (imap-psc, imap-expired-certificate...): which case's ground the client was on.</summary>
    public string Listener { get; } = listener;

    public WireProtocol Protocol { get; } = protocol;

    public DateTimeOffset Started { get; } = started;

    public string? Remote { get; } = remote;

    public DateTimeOffset? Ended { get; private set; }

    /// <summary>The client sent STARTTLS (or the TLS 1.1 listener's equivalent).</summary>
    public bool StartTlsRequested { get; set; }

    public TlsFacts? Tls { get; set; }

    /// <summary>Why TLS with the client failed, as the handshake reported it.</summary>
    public string? TlsFailure { get; set; }

    public ClientHelloFacts? Hello { get; set; }

    /// <summary>Bytes the client sent in clear behind STARTTLS (dropped, never read as if through TLS).</summary>
    public int InjectedAfterStartTls { get; set; }

    /// <summary>Bytes of application data the client sent after a TLS 1.1 handshake completed (TLS 1.1 listener).</summary>
    public long ApplicationDataOverOldTls { get; set; }

    /// <summary>The TLS version the TLS 1.1 listener's server answered with, as seen on the wire.</summary>
    public string? OldTlsServerVersion { get; set; }

    /// <summary>Commands the client sent after an authentication succeeded.</summary>
    public int CommandsAfterAuthentication { get; set; }

    /// <summary>When the tool logged the professional out at PSC during this session, and which PSC session (sid) it ended.</summary>
    public (DateTimeOffset At, string PscSession)? LoggedOut { get; set; }

    /// <summary>The tool ended the session on purpose (BYE [EXPIRED], 421).</summary>
    public bool EndedByTool { get; set; }

    public IReadOnlyList<AuthAttempt> Authentications => [.. _authentications];

    public IReadOnlyList<SubmittedMessage> Messages => [.. _messages];

    public bool Authenticated => _authentications.Any(a => a.Succeeded == true);

    public IReadOnlyList<TranscriptLine> Transcript
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Name => $"{Listener} session {Id}";

    public void Client(string text, bool tls) => Add('C', tls, text);

    public void Server(string text, bool tls) => Add('S', tls, text);

    public void Note(string text) => Add('*', Tls is not null, text);

    public void Add(AuthAttempt attempt) => _authentications.Enqueue(attempt);

    public void Add(SubmittedMessage message) => _messages.Enqueue(message);

    public void End()
    {
        if (Ended is null)
        {
            Ended = Clock.GetUtcNow();
            Note("connection closed");
        }
    }

    /// <summary>Transcript lines matching <paramref name="predicate"/> with their neighbours, as evidence.</summary>
    public string Excerpt(Func<TranscriptLine, bool>? predicate = null, int maxLines = 12)
    {
        var lines = Transcript;
        var picked = predicate is null ? lines.Take(maxLines) : lines.Where(predicate).Take(maxLines);
        return string.Join('\n', picked.Select(l => l.ToString()));
    }

    private void Add(char who, bool tls, string text)
    {
        if (text.Length > MaxLineLength)
        {
            text = text[..MaxLineLength] + $"... ({text.Length} characters)";
        }

        lock (_lines)
        {
            if (_lines.Count < MaxLines)
            {
                _lines.Add(new TranscriptLine(Clock.GetUtcNow() - Started, who, tls, text));
            }
        }
    }
}
