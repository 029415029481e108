using Microsoft.Extensions.Logging;
using OpenMss.Net;

namespace OpenMss.Imap.Server;

/// <summary>The IMAP server's log events. Addresses and reasons only: never a token, a certificate or a body.</summary>
internal static partial class ImapLog
{
    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "IMAP session {ConnectionId}: TLS handshake failed")]
    public static partial void TlsFailed(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "IMAP session {ConnectionId}: AUTHENTICATE {Mechanism} {Verdict} ({Reason})")]
    public static partial void Authentication(ILogger logger, string connectionId, string mechanism, FrontVerdict verdict, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "IMAP session {ConnectionId}: the store failed ({Error})")]
    private static partial void StoreFailedCore(ILogger logger, string connectionId, string error);

    public static void StoreFailed(ILogger logger, string connectionId, Exception error)
    {
        var name = error.GetType().Name;
        StoreFailedCore(logger, connectionId, name);
    }

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "IMAP session {ConnectionId}: server bug")]
    public static partial void ServerBug(ILogger logger, string connectionId, Exception error);
}
