using OpenMss.Lps;
using OpenMss.Storage;

namespace OpenMss.Gateway;

/// <summary>
/// SaaS mode: a server-side LPS running in the gateway's process takes its tokens straight from the gateway's
/// sessions, with the same refresh and end rules as an installation, and no handle on the wire. Its IMAP and SMTP
/// sessions close when the gateway session ends (ECO.1.2.6).
/// </summary>
public sealed class SaasTokenSource : PscTokenSource
{
    private readonly GatewaySessions _sessions;
    private readonly IGatewaySessionStore _store;
    private readonly string _sessionId;

    public SaasTokenSource(GatewayServices services, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(services);
        _sessions = services.Sessions;
        _store = services.Store.GatewaySessions;
        _sessionId = sessionId;
        Time = services.Clock;
        _ = services.Endings.EndedAsync(sessionId).ContinueWith(_ => EndSession(), TaskScheduler.Default);
    }

    /// <summary>The source for the session an installation holds <paramref name="handle"/> of (a SaaS front end's user).</summary>
    public static async Task<SaasTokenSource?> ForHandleAsync(GatewayServices services, string handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var session = await services.Store.GatewaySessions.FindByHandleAsync(SessionHandles.Hash(handle), cancellationToken);
        return session is null || session.IsEnded ? null : new SaasTokenSource(services, session.Id);
    }

    protected override async Task<PscAccessToken> FetchAsync(bool refresh, CancellationToken cancellationToken)
    {
        var session = await _store.FindAsync(_sessionId, cancellationToken);
        if (session is null || session.IsEnded)
        {
            throw new MssPscSessionEndedException($"The gateway session ended ({session?.EndReason ?? "unknown"}).");
        }

        try
        {
            var grant = await _sessions.AccessAsync(session, cancellationToken);
            return new PscAccessToken(grant.AccessToken, grant.ExpiresAt);
        }
        catch (GatewaySessionEndedException e)
        {
            throw new MssPscSessionEndedException(e.Message, e);
        }
        catch (PscUnavailableException e)
        {
            throw new MssUnavailableException(e.Message, null, e);
        }
    }
}
