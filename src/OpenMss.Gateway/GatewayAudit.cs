using Microsoft.Extensions.Logging;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Gateway;

/// <summary>
/// The gateway's entries in the store's audit trail (category <c>gateway</c>): pairings, ends and refusals, with the
/// installation or professional and a reason, never a token or handle. A store that cannot take an entry is logged,
/// and the request is answered all the same.
/// </summary>
public sealed partial class GatewayAudit(IAuditTrail trail, TimeProvider clock, ILogger<GatewayAudit> logger)
{
    public const string Category = "gateway";

    public async Task RecordAsync(string action, string outcome, string? reason, string? actor, CancellationToken cancellationToken)
    {
        try
        {
            await trail.AppendAsync(new AuditEvent(clock.GetUtcNow(), Category, action, outcome, Reason: reason, Actor: actor), cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            LogNotRecorded(logger, action, outcome, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Warning, Message = "Gateway audit entry {Action} {Outcome} not recorded ({Error})")]
    private static partial void LogNotRecorded(ILogger logger, string action, string outcome, string error);
}
