using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// Everything the sandbox remembers, in memory behind one lock: SSO sessions, pending logins, codes, refresh tokens
/// and CIBA requests. Codes and refresh tokens are kept by hash. Each table is bounded; expired entries go first.
/// </summary>
internal sealed class SandboxState(TimeProvider clock, SandboxLifetimes lifetimes)
{
    public const int MaxEntries = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SsoSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationRequest> _logins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshGrants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientId, string SessionId, string Answer, DateTimeOffset Until)> _refreshAnswers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CibaRequest> _ciba = new(StringComparer.Ordinal);

    public DateTimeOffset Now => clock.GetUtcNow();

    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public SsoSession OpenSession(TestIdentity identity, string means)
    {
        lock (_gate)
        {
            Purge();
            Bound(_sessions.Count);
            var session = new SsoSession(Guid.NewGuid().ToString(), identity, means, Now);
            _sessions[session.Id] = session;
            return session;
        }
    }

    /// <summary>The session if it is still alive, and (when asked) counts this as activity.</summary>
    public SsoSession? LiveSession(string? id, bool touch = false)
    {
        lock (_gate)
        {
            if (id is null || !_sessions.TryGetValue(id, out var session) || !session.IsAlive(Now, lifetimes))
            {
                return null;
            }

            if (touch)
            {
                session.LastActivity = Now;
            }

            return session;
        }
    }

    public void Join(SsoSession session, string clientId)
    {
        lock (_gate)
        {
            session.Clients.Add(clientId);
        }
    }

    /// <summary>Ends a session by logout; its refresh tokens die with it. Null if it was not alive.</summary>
    public SsoSession? Logout(string sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session) || !session.IsAlive(Now, lifetimes))
            {
                return null;
            }

            session.LoggedOut = true;
            foreach (var key in _refreshGrants.Where(g => g.Value.SessionId == sessionId).Select(g => g.Key).ToList())
            {
                _refreshGrants.Remove(key);
            }

            return session;
        }
    }

    public IReadOnlyList<SsoSession> LiveSessions()
    {
        lock (_gate)
        {
            return _sessions.Values.Where(s => s.IsAlive(Now, lifetimes)).OrderBy(s => s.AuthTime).ToList();
        }
    }

    public string SaveLogin(Func<string, AuthorizationRequest> create)
    {
        lock (_gate)
        {
            Purge();
            Bound(_logins.Count);
            var request = create(NewSecret());
            _logins[request.Id] = request;
            return request.Id;
        }
    }

    public AuthorizationRequest? TakeLogin(string id)
    {
        lock (_gate)
        {
            return _logins.Remove(id, out var request) && request.Expires > Now ? request : null;
        }
    }

    public string IssueCode(AuthorizationCode code)
    {
        lock (_gate)
        {
            Purge();
            Bound(_codes.Count);
            var value = NewSecret();
            _codes[Hash(value)] = code;
            return value;
        }
    }

    /// <summary>A code is good once: redeeming removes it.</summary>
    public AuthorizationCode? RedeemCode(string value)
    {
        lock (_gate)
        {
            return _codes.Remove(Hash(value), out var code) && code.Expires > Now ? code : null;
        }
    }

    public string IssueRefresh(RefreshGrant grant)
    {
        lock (_gate)
        {
            Bound(_refreshGrants.Count);
            var value = NewSecret();
            _refreshGrants[Hash(value)] = grant;
            return value;
        }
    }

    public RefreshGrant? FindRefresh(string value)
    {
        lock (_gate)
        {
            return _refreshGrants.GetValueOrDefault(Hash(value));
        }
    }

    /// <summary>Refresh tokens rotate: the one presented is spent.</summary>
    public RefreshGrant? SpendRefresh(string value)
    {
        lock (_gate)
        {
            return _refreshGrants.Remove(Hash(value), out var grant) ? grant : null;
        }
    }

    /// <summary>Keeps the answer to a spent refresh token, given again if the same client replays it within the grace.</summary>
    public void RememberRefreshAnswer(string spent, string clientId, string sessionId, string answer)
    {
        lock (_gate)
        {
            foreach (var (key, old) in _refreshAnswers.Where(a => a.Value.Until < Now).ToList())
            {
                _refreshAnswers.Remove(key);
            }

            Bound(_refreshAnswers.Count);
            _refreshAnswers[Hash(spent)] = (clientId, sessionId, answer, Now + lifetimes.RefreshReuseGrace);
        }
    }

    /// <summary>The answer given to <paramref name="spent"/> when it is replayed in time by its client and its session lives; else null.</summary>
    public string? ReplayedRefreshAnswer(string spent, string clientId)
    {
        lock (_gate)
        {
            return _refreshAnswers.TryGetValue(Hash(spent), out var kept) && kept.ClientId == clientId && kept.Until >= Now
                && _sessions.TryGetValue(kept.SessionId, out var session) && session.IsAlive(Now, lifetimes)
                ? kept.Answer
                : null;
        }
    }

    public CibaRequest AddCiba(Func<string, CibaRequest> create)
    {
        lock (_gate)
        {
            Purge();
            Bound(_ciba.Count);
            var request = create(NewSecret());
            _ciba[request.Id] = request;
            return request;
        }
    }

    public CibaRequest? FindCiba(string id)
    {
        lock (_gate)
        {
            return _ciba.GetValueOrDefault(id);
        }
    }

    /// <summary>Approve or refuse a pending request; false if it is no longer pending.</summary>
    public bool Decide(string id, bool approve, Func<CibaRequest, SsoSession>? openSession)
    {
        lock (_gate)
        {
            if (!_ciba.TryGetValue(id, out var request) || request.Status != CibaStatus.Pending || request.Expires <= Now)
            {
                return false;
            }

            request.Status = approve ? CibaStatus.Approved : CibaStatus.Refused;
            if (approve)
            {
                request.SessionId = openSession!(request).Id;
            }

            return true;
        }
    }

    public void RemoveCiba(string id)
    {
        lock (_gate)
        {
            _ciba.Remove(id);
        }
    }

    public IReadOnlyList<CibaRequest> PendingCiba()
    {
        lock (_gate)
        {
            return _ciba.Values.Where(r => r.Status == CibaStatus.Pending && r.Expires > Now).OrderBy(r => r.Created).ToList();
        }
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static void Bound(int count)
    {
        if (count >= MaxEntries)
        {
            throw new SandboxFullException();
        }
    }

    private void Purge()
    {
        var now = Now;
        Remove(_sessions, s => !s.IsAlive(now, lifetimes));
        Remove(_logins, l => l.Expires <= now);
        Remove(_codes, c => c.Expires <= now);
        Remove(_refreshGrants, g => !_sessions.ContainsKey(g.SessionId));
        // A decided or expired CIBA request is kept a while, so that a late poll learns what happened.
        Remove(_ciba, r => r.Expires + lifetimes.CibaRequest <= now);
    }

    private static void Remove<T>(Dictionary<string, T> table, Func<T, bool> dead)
    {
        foreach (var key in table.Where(e => dead(e.Value)).Select(e => e.Key).ToList())
        {
            table.Remove(key);
        }
    }
}

/// <summary>A table reached its bound: the sandbox answers temporarily_unavailable.</summary>
internal sealed class SandboxFullException() : Exception("The sandbox holds too many pending entries.");
