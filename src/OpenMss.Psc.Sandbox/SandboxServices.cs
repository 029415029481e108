using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace OpenMss.Psc.Sandbox;

/// <summary>What the endpoints share: who is known, the lifetimes, the keys, the state and the failure mode.</summary>
internal sealed class SandboxServices : IDisposable
{
    public const string RealmPath = "/auth/realms/esante-wallet";
    public const string ProtocolPath = RealmPath + "/protocol/openid-connect";
    public const string SessionCookie = "PSC_SANDBOX_SESSION";

    private string? _baseAddress;

    public SandboxServices(SandboxSettings settings, TimeProvider clock, ILogger logger)
    {
        Directory = settings.Directory;
        Lifetimes = settings.Lifetimes;
        Clock = clock;
        Keys = new SigningKeys(clock, settings.Lifetimes.KeyRotation);
        _ = Keys.Current; // the first key is made now, not while a client waits for its first token
        State = new SandboxState(clock, settings.Lifetimes);
        Tokens = new TokenIssuer(() => Issuer, Keys, clock, settings.Lifetimes);
        Logout = new BackchannelLogout(Tokens, settings.Directory, logger, settings.BackchannelRoots);
    }

    /// <summary>Known once the listener is bound (a free port may have been picked); requests come only after.</summary>
    public string BaseAddress
    {
        get => _baseAddress ?? throw new InvalidOperationException("The sandbox is not listening yet.");
        set => _baseAddress = value.TrimEnd('/');
    }

    public string Issuer => BaseAddress + RealmPath;

    public SandboxDirectory Directory { get; }

    public SandboxLifetimes Lifetimes { get; }

    public TimeProvider Clock { get; }

    public SigningKeys Keys { get; }

    public SandboxState State { get; }

    public TokenIssuer Tokens { get; }

    public BackchannelLogout Logout { get; }

    public FailureMode Failure { get; set; }

    /// <summary>True once for a <see cref="FailureMode.LateRefresh"/>, which then goes back to none.</summary>
    public bool TakeLateRefresh()
    {
        lock (_lateRefresh)
        {
            if (Failure != FailureMode.LateRefresh)
            {
                return false;
            }

            Failure = FailureMode.None;
            return true;
        }
    }

    private readonly Lock _lateRefresh = new();

    private int _introspections;

    /// <summary>Introspection requests answered (for tests of the operator's cache).</summary>
    public int Introspections => _introspections;

    public void CountIntrospection() => Interlocked.Increment(ref _introspections);

    /// <summary>The token response of every grant (spec §3.2: the fields of PSC's Keycloak).</summary>
    public JsonObject IssueTokens(SsoSession session, TestClient client, string scope, string? nonce)
    {
        var now = State.Now;
        State.Join(session, client.ClientId);
        var (access, expires) = Tokens.AccessToken(session, client.ClientId, scope, nonce);
        var refresh = State.IssueRefresh(new RefreshGrant(client.ClientId, session.Id, scope, nonce, now));
        return new JsonObject
        {
            ["access_token"] = access,
            ["expires_in"] = (long)Lifetimes.AccessToken.TotalSeconds,
            ["refresh_expires_in"] = (long)Math.Ceiling((session.EndsAt(Lifetimes) - now).TotalSeconds),
            ["refresh_token"] = refresh,
            ["token_type"] = "Bearer",
            ["id_token"] = Tokens.IdToken(session, client.ClientId, nonce, expires),
            ["not-before-policy"] = 0,
            ["session_state"] = session.Id,
            ["scope"] = scope,
        };
    }

    /// <summary>Ends a session by logout and tells the clients that took part.</summary>
    public bool EndSession(string sessionId)
    {
        var session = State.Logout(sessionId);
        if (session is null)
        {
            return false;
        }

        Logout.Notify(session);
        return true;
    }

    public void Dispose()
    {
        Keys.Dispose();
        Logout.Dispose();
    }
}
