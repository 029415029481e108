using Microsoft.Extensions.Logging;
using OpenMss.Net;

namespace OpenMss.Smtp.Server;

/// <summary>The submission server's log events. Addresses and reasons only: never a token, a certificate or a body.</summary>
internal static partial class SmtpLog
{
    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "SMTP session {ConnectionId}: TLS handshake failed")]
    public static partial void TlsFailed(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "SMTP session {ConnectionId}: AUTH {Mechanism} {Verdict} ({Reason})")]
    public static partial void Authentication(ILogger logger, string connectionId, string mechanism, FrontVerdict verdict, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "SMTP session {ConnectionId}: message {MailId} accepted, {Size} bytes, {Recipients} recipients")]
    public static partial void Delivered(ILogger logger, string connectionId, string mailId, long size, int recipients);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "SMTP session {ConnectionId}: peer refused at MAIL ({Code} {Enhanced})")]
    public static partial void PeerRefused(ILogger logger, string connectionId, int code, string enhanced);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "SMTP session {ConnectionId}: message {MailId} could not be made durable ({Error}: {Detail}); answered 451")]
    private static partial void DeliveryFailedCore(ILogger logger, string connectionId, string mailId, string error, string detail);

    public static void DeliveryFailed(ILogger logger, string connectionId, string mailId, Exception error) =>
        DeliveryFailedCore(logger, connectionId, mailId, error.GetType().Name, error.Message);
}
