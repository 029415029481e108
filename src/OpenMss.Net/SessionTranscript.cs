using Microsoft.Extensions.Logging;

namespace OpenMss.Net;

/// <summary>
/// A session's protocol transcript, one log event per line ("C:" what the client sent, "S:" what the server
/// answered), at Trace level so that it costs nothing unless an operator asks for it. Redacted by construction:
/// credentials (SASL initial responses and continuation lines, LOGIN arguments) become "***", message content is
/// only counted, never written (security rules: tokens, secrets and bodies never reach logs).
/// </summary>
public sealed partial class SessionTranscript
{
    private const string Redacted = "***";
    private readonly ILogger _logger;
    private readonly string _protocol;
    private readonly string _connectionId;

    private SessionTranscript(ILogger logger, string protocol, string connectionId)
    {
        _logger = logger;
        _protocol = protocol;
        _connectionId = connectionId;
    }

    /// <summary>A transcript when the logger writes Trace events, otherwise null (callers write <c>transcript?.Client(...)</c>).</summary>
    public static SessionTranscript? Start(ILogger logger, string protocol, string connectionId) =>
        logger.IsEnabled(LogLevel.Trace) ? new SessionTranscript(logger, protocol, connectionId) : null;

    /// <summary>A command line, its credentials masked.</summary>
    public void Client(string line) => Line("C", Redact(line));

    /// <summary>A line answering a continuation: a SASL response (masked), IDLE's DONE or a cancelling "*".</summary>
    public void ClientResponse(string? line) =>
        Line("C", line is null ? "(nothing)" : line == "*" || line.Equals("DONE", StringComparison.OrdinalIgnoreCase) ? line : Redacted);

    /// <summary>Message content the client sent (DATA, BDAT), counted only.</summary>
    public void ClientContent(long bytes) => Line("C", $"(message content, {bytes} bytes)");

    /// <summary>Response text as written, one event per line.</summary>
    public void Server(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Line("S", line.TrimEnd('\r'));
        }
    }

    /// <summary>Response data that carries message content (IMAP FETCH), counted only.</summary>
    public void ServerContent(string what, long bytes) => Line("S", $"({what}, {bytes} bytes)");

    /// <summary>
    /// Masks what follows the mechanism of AUTHENTICATE (IMAP, after its tag) and AUTH (SMTP), and every argument of
    /// LOGIN; other lines are kept as they are.
    /// </summary>
    public static string Redact(string line)
    {
        var words = line.Split(' ', 4);
        for (var i = 0; i < Math.Min(2, words.Length); i++)
        {
            if (words[i].Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
            {
                return i + 1 < words.Length ? string.Join(' ', words[..(i + 1)]) + " " + Redacted : line;
            }

            if (words[i].Equals("AUTHENTICATE", StringComparison.OrdinalIgnoreCase) || words[i].Equals("AUTH", StringComparison.OrdinalIgnoreCase))
            {
                // The mechanism is kept; anything after it is an initial response.
                return i + 2 < words.Length ? string.Join(' ', words[..(i + 2)]) + " " + Redacted : line;
            }
        }

        return line;
    }

    private void Line(string direction, string line) => Write(_logger, _protocol, _connectionId, direction, line);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Trace, Message = "{Protocol} {ConnectionId} {Direction}: {Line}")]
    private static partial void Write(ILogger logger, string protocol, string connectionId, string direction, string line);
}
