using Microsoft.Extensions.Logging;

namespace OpenMss.Web;

/// <summary>The webmail's log events (category OpenMss.Web); never a token, a body or an address.</summary>
internal static partial class WebmailLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "A back-channel logout was refused: {Reason}.")]
    public static partial void LogoutRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "A PSC logout ended {Sessions} webmail session(s).")]
    public static partial void LoggedOut(ILogger logger, int sessions);
}
