using System.Net;
using Microsoft.Extensions.Logging;

namespace OpenMss.Net;

/// <summary>Log events of a session's life, shared by IMAP and SMTP; an error is named by its type only.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "{Protocol} session {ConnectionId} from {Remote} on the {Front} front")]
    public static partial void Started(ILogger logger, string protocol, string connectionId, EndPoint? remote, FrontKind front);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "{Protocol} session {ConnectionId} broken: {Error}")]
    private static partial void BrokenCore(ILogger logger, string protocol, string connectionId, string error);

    public static void Broken(ILogger logger, string protocol, string connectionId, Exception error)
    {
        var name = error.GetType().Name;
        BrokenCore(logger, protocol, connectionId, name);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "{Protocol} session {ConnectionId} ended")]
    public static partial void Ended(ILogger logger, string protocol, string connectionId);
}
