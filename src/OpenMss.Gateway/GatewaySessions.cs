using System.Collections.Concurrent;
using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Gateway;

/// <summary>An access token handed to an installation, and when it expires.</summary>
public sealed record AccessGrant(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>The session ended (logout, revocation, a refresh PSC refused): the installation must close its sessions.</summary>
public sealed class GatewaySessionEndedException(string reason) : Exception($"The gateway session ended ({reason}).")
{
    public string Reason { get; } = reason;
}

/// <summary>
/// The gateway's sessions: made from PSC's tokens at pairing, serving access tokens (refreshed before they expire,
/// one refresh at a time per session across every node, a rotated refresh token written once, a timed-out refresh
/// retried with the same token), and ended for good.
/// </summary>
public sealed partial class GatewaySessions(IGatewaySessionStore store, PscClient psc, TokenVault vault, SessionEndings endings, GatewayAudit audit, TimeProvider clock, ILogger<GatewaySessions> logger)
{
    /// <summary>Refresh attempts when PSC does not answer (a timeout, a 5xx) before the installation is told to come back.</summary>
    private const int RefreshAttempts = 3;

    private readonly string _node = "node-" + SessionHandles.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshing = new(StringComparer.Ordinal);

    /// <summary>Makes a session of PSC's tokens for <paramref name="installation"/>; returns the handle, given once.</summary>
    public async Task<(string Handle, GatewaySession Session)> CreateAsync(string installation, TokenResponse tokens, CancellationToken cancellationToken)
    {
        if (tokens.AccessToken is not { } access || tokens.RefreshToken is not { } refresh)
        {
            throw new PscUnavailableException("PSC's token response lacks an access or refresh token.");
        }

        var jwt = new JsonWebToken(access);
        var idNat = jwt.TryGetPayloadValue<string>("SubjectNameID", out var name) ? name : jwt.Subject;
        var pscSession = tokens.TryGet("session_state") ?? (jwt.TryGetPayloadValue<string>("sid", out var sid) ? sid : null);
        var handle = SessionHandles.New();
        var now = clock.GetUtcNow();
        var session = new GatewaySession(
            SessionHandles.NewId(), SessionHandles.Hash(handle), installation, idNat ?? "", pscSession,
            vault.Protect(refresh), tokens.IdentityToken is { } id ? vault.Protect(id) : null, vault.Protect(access), Expiry(tokens, jwt, now), 0, now);
        await store.AddAsync(session, cancellationToken);
        LogPaired(logger, session.Id, installation, session.IdNat);
        await audit.RecordAsync("pair", "paired", null, $"installation {installation}, professional {session.IdNat}, session {session.Id}", cancellationToken);
        return (handle, session);
    }

    /// <summary>An access token of <paramref name="session"/> with more than the margin left, refreshing first when needed.</summary>
    /// <exception cref="GatewaySessionEndedException">The session ended, now or before.</exception>
    /// <exception cref="PscUnavailableException">PSC did not answer; the session lives on.</exception>
    public async Task<AccessGrant> AccessAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        if (Fresh(session) is { } grant)
        {
            return grant;
        }

        var gate = _refreshing.GetOrAdd(session.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var deadline = clock.GetUtcNow() + psc.Options.PscTimeout * (RefreshAttempts + 1);
            while (true)
            {
                var current = await store.FindAsync(session.Id, cancellationToken) ?? throw new GatewaySessionEndedException("unknown");
                if (current.IsEnded)
                {
                    throw new GatewaySessionEndedException(current.EndReason ?? "ended");
                }

                if (Fresh(current) is { } refreshed)
                {
                    return refreshed; // another request, or another node, refreshed it meanwhile
                }

                var now = clock.GetUtcNow();
                if (await store.LeaseRefreshAsync(current.Id, _node, now, deadline, cancellationToken))
                {
                    return await RefreshAsync(current, cancellationToken);
                }

                if (now > deadline)
                {
                    throw new PscUnavailableException("Another gateway node has been refreshing this session for too long.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ends the sessions <paramref name="filter"/> picks; with <paramref name="propagate"/>, PSC's session too (the professional's logout).</summary>
    public async Task<IReadOnlyList<GatewaySession>> EndAsync(GatewaySessionFilter filter, string reason, bool propagate, CancellationToken cancellationToken)
    {
        var ended = await store.EndAsync(filter, reason, clock.GetUtcNow(), cancellationToken);
        foreach (var session in ended)
        {
            endings.Announce(session.Id, reason);
            _refreshing.TryRemove(session.Id, out _); // a waiter still holding it finds the session ended
            LogEnded(logger, session.Id, session.IdNat, reason);
            await audit.RecordAsync("end", "ended", reason, $"installation {session.Installation}, professional {session.IdNat}, session {session.Id}", cancellationToken);
            if (propagate)
            {
                try
                {
                    await psc.LogoutAsync(vault.Unprotect(session.RefreshToken), cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or PscUnavailableException)
                {
                    LogLogoutNotPropagated(logger, session.Id, e.GetType().Name);
                }
            }
        }

        return ended;
    }

    /// <summary>
    /// Refreshes every live session whose access token expired more than <see cref="GatewayOptions.KeepAlive"/> ago
    /// (PSC's session would idle out otherwise); a refresh PSC refuses ends the session and tells its installation.
    /// Returns how many were refreshed.
    /// </summary>
    public async Task<int> KeepAliveAsync(CancellationToken cancellationToken)
    {
        var due = clock.GetUtcNow() - psc.Options.KeepAlive;
        var refreshed = 0;
        foreach (var session in await store.ListLiveAsync(100_000, cancellationToken))
        {
            if (session.AccessExpiresAt > due)
            {
                continue;
            }

            try
            {
                await AccessAsync(session, cancellationToken);
                refreshed++;
            }
            catch (GatewaySessionEndedException)
            {
                // Ended and announced.
            }
            catch (PscUnavailableException e)
            {
                LogRefreshRetried(logger, session.Id, 0, e.Message);
            }
        }

        return refreshed;
    }

    private AccessGrant? Fresh(GatewaySession session) =>
        session.AccessExpiresAt - psc.Options.RefreshMargin > clock.GetUtcNow() ? new AccessGrant(vault.Unprotect(session.AccessToken), session.AccessExpiresAt) : null;

    /// <summary>
    /// One refresh under this node's lease. A refresh PSC may have carried out without our hearing the answer (a
    /// timeout, a dropped connection) is sent again with the same refresh token; the rotated token is written only
    /// against the version it came from. PSC refusing the token ends the session (ECO.1.2.6).
    /// </summary>
    private async Task<AccessGrant> RefreshAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        var refreshToken = vault.Unprotect(session.RefreshToken);
        for (var attempt = 1; ; attempt++)
        {
            TokenResponse response;
            try
            {
                response = await psc.RefreshAsync(refreshToken, cancellationToken);
            }
            catch (PscUnavailableException e) when (attempt < RefreshAttempts)
            {
                LogRefreshRetried(logger, session.Id, attempt, e.Message);
                continue;
            }
            catch (PscUnavailableException)
            {
                await store.ReleaseRefreshAsync(session.Id, _node, cancellationToken);
                throw;
            }

            if (!response.IsError && response.AccessToken is { } access && response.RefreshToken is { } rotated)
            {
                var jwt = new JsonWebToken(access);
                var tokens = new GatewayTokens(vault.Protect(rotated), response.IdentityToken is { } id ? vault.Protect(id) : null, vault.Protect(access), Expiry(response, jwt, clock.GetUtcNow()));
                if (!await store.StoreRefreshAsync(session.Id, session.Version, tokens, cancellationToken))
                {
                    throw new GatewaySessionEndedException("ended during refresh");
                }

                LogRefreshed(logger, session.Id, attempt);
                return new AccessGrant(access, tokens.AccessExpiresAt);
            }

            var transient = response.ErrorType is ResponseErrorType.Exception || (int)response.HttpStatusCode >= 500 || response.HttpStatusCode == HttpStatusCode.TooManyRequests;
            if (transient && attempt < RefreshAttempts)
            {
                LogRefreshRetried(logger, session.Id, attempt, response.ErrorType.ToString());
                continue;
            }

            if (transient)
            {
                await store.ReleaseRefreshAsync(session.Id, _node, cancellationToken);
                throw new PscUnavailableException($"PSC did not answer the refresh after {attempt} attempts ({response.Error}).");
            }

            // invalid_grant and the like: PSC ended the session, or will never renew it.
            await EndAsync(new GatewaySessionFilter(Id: session.Id), "refresh-refused", propagate: false, cancellationToken);
            throw new GatewaySessionEndedException("refresh-refused");
        }
    }

    private static DateTimeOffset Expiry(TokenResponse response, JsonWebToken access, DateTimeOffset now) =>
        access.ValidTo > DateTime.UnixEpoch ? new DateTimeOffset(access.ValidTo, TimeSpan.Zero) : now.AddSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 60);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Gateway session {Session} paired for installation {Installation}, professional {IdNat}")]
    private static partial void LogPaired(ILogger logger, string session, string installation, string idNat);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Gateway session {Session} of {IdNat} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string session, string idNat, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Gateway session {Session} refreshed (attempt {Attempt})")]
    private static partial void LogRefreshed(ILogger logger, string session, int attempt);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Gateway session {Session}: refresh attempt {Attempt} got no answer ({Error}); trying again with the same refresh token")]
    private static partial void LogRefreshRetried(ILogger logger, string session, int attempt, string error);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Gateway session {Session}: PSC's logout could not be called ({Error}); the gateway session is ended all the same")]
    private static partial void LogLogoutNotPropagated(ILogger logger, string session, string error);
}
