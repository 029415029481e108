using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenMss.Storage.Model;

namespace OpenMss.Gateway;

/// <summary>
/// Who is asking: the session handle (<c>Authorization: Bearer</c>) and the installation it was paired with
/// (<c>OpenMSS-Installation</c>). An unknown handle, another installation's handle or an ended session each get one
/// status and a log line naming the session, never the handle.
/// </summary>
public static partial class InstallationAuth
{
    public const string InstallationHeader = "OpenMSS-Installation";

    public static async Task<(GatewaySession? Session, IResult? Refusal)> AuthenticateAsync(HttpContext context, GatewayServices services)
    {
        var store = services.Store.GatewaySessions;
        var authorization = context.Request.Headers.Authorization.ToString();
        var installation = context.Request.Headers[InstallationHeader].ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length > 200 || !SessionHandles.IsInstallation(installation))
        {
            return (null, Error(StatusCodes.Status401Unauthorized, "invalid_request", $"Give the session handle as 'Authorization: Bearer' and the installation in '{InstallationHeader}'."));
        }

        var session = await store.FindByHandleAsync(SessionHandles.Hash(authorization["Bearer ".Length..].Trim()), context.RequestAborted);
        if (session is null)
        {
            await RefuseAsync(services, context, "unknown handle", installation, "-");
            return (null, Error(StatusCodes.Status401Unauthorized, "unknown_session", "This session handle is unknown: pair the installation again."));
        }

        if (!string.Equals(session.Installation, installation, StringComparison.Ordinal))
        {
            await RefuseAsync(services, context, "handle of another installation", installation, session.Id);
            return (null, Error(StatusCodes.Status403Forbidden, "wrong_installation", "This session handle was paired with another installation."));
        }

        if (session.IsEnded)
        {
            return (session, Ended(session.EndReason ?? "ended"));
        }

        return (session, null);
    }

    /// <summary>A refusal, logged and audited with what was asked and by whom, never the handle.</summary>
    public static async Task RefuseAsync(GatewayServices services, HttpContext context, string why, string installation, string session)
    {
        LogRefused(services.Logger, why, installation, session);
        await services.Audit.RecordAsync(context.Request.Path.Value?.Trim('/').Split('/')[0] ?? "-", "refused", why, $"installation {installation}, session {session}", context.RequestAborted);
    }

    public static IResult Ended(string reason) => Results.Json(new { error = "session_ended", reason }, statusCode: StatusCodes.Status410Gone);

    public static IResult Error(int status, string error, string description) => Results.Json(new { error, error_description = description }, statusCode: status);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Gateway request refused: {Why} (installation {Installation}, session {Session})")]
    public static partial void LogRefused(ILogger logger, string why, string installation, string session);
}
