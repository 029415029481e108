using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static OpenMss.Psc.Sandbox.Endpoints.Html;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>
/// The authorization code flow's front: <c>/auth</c> checks the request (client, exact redirect URI, PKCE S256),
/// reuses a live SSO session, or shows the login page where the tester picks a test identity and a means (CPS card
/// or e-CPS app, simulated); the answer is a one-time code sent to the redirect URI.
/// </summary>
internal static class AuthorizeEndpoints
{
    public static void Map(WebApplication app, SandboxServices sandbox)
    {
        app.MapGet("/auth", (HttpContext context) => Authorize(context, sandbox));
        // HttpRequest, not HttpContext: an async lambda on HttpContext would bind as a RequestDelegate and drop its result.
        app.MapPost("/auth/login", async (HttpRequest request) => Login(request.HttpContext, await request.ReadFormAsync(), sandbox));
    }

    private static IResult Authorize(HttpContext context, SandboxServices sandbox)
    {
        var query = context.Request.Query;
        var client = sandbox.Directory.FindClient(query["client_id"].ToString());
        if (client is null)
        {
            return Problem("Unknown client_id: the application is not registered at this sandbox.");
        }

        var redirectUri = query["redirect_uri"].ToString();
        if (!RedirectUris.Matches(client.RedirectUris, redirectUri))
        {
            // Never redirect to an unregistered URI (RFC 6749 §4.1.2.1).
            return Problem("The redirect_uri is not registered for this client.");
        }

        var state = Value(query["state"]);
        var scope = query["scope"].ToString();
        var challenge = Value(query["code_challenge"]);
        var method = Value(query["code_challenge_method"]) ?? (challenge is null ? null : "plain");
        var error = query["response_type"] != "code" ? ("unsupported_response_type", "Only response_type=code is supported.")
            : !Scopes.HasOpenId(scope) ? ("invalid_scope", "The scope must include openid.")
            : challenge is not null && method != "S256" ? ("invalid_request", "Only the S256 code challenge method is accepted.")
            : challenge is null && client.RequirePkce ? ("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.")
            : ((string, string)?)null;
        if (error is { } refused)
        {
            return Results.Redirect(RedirectUris.With(redirectUri, ("error", refused.Item1), ("error_description", refused.Item2), ("state", state)));
        }

        var request = new AuthorizationRequest("", client, redirectUri, state, Value(query["nonce"]), scope, challenge, sandbox.State.Now + TimeSpan.FromMinutes(10));
        var session = sandbox.State.LiveSession(context.Request.Cookies[SandboxServices.SessionCookie], touch: true);
        if (session is not null)
        {
            return Complete(sandbox, request, session);
        }

        if (query["prompt"] == "none")
        {
            return Results.Redirect(RedirectUris.With(redirectUri, ("error", "login_required"), ("state", state)));
        }

        var id = sandbox.State.SaveLogin(secret => request with { Id = secret });
        return LoginPage(sandbox, id, client);
    }

    private static IResult Login(HttpContext context, IFormCollection form, SandboxServices sandbox)
    {
        var request = sandbox.State.TakeLogin(form["request"].ToString());
        if (request is null)
        {
            return Problem("This login request is unknown or has expired: start again from the application.");
        }

        if (form["action"] == "cancel")
        {
            return Results.Redirect(RedirectUris.With(request.RedirectUri, ("error", "access_denied"), ("error_description", "The professional cancelled."), ("state", request.State)));
        }

        var identity = sandbox.Directory.FindIdentity(form["idnat"].ToString());
        var means = form["means"].ToString();
        if (identity is null || means is not (Means.Card or Means.App))
        {
            return Problem("Pick a test identity and a means (CPS or e-CPS).");
        }

        var session = sandbox.State.OpenSession(identity, means);
        context.Response.Cookies.Append(SandboxServices.SessionCookie, session.Id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
        return Complete(sandbox, request, session);
    }

    private static IResult Complete(SandboxServices sandbox, AuthorizationRequest request, SsoSession session)
    {
        var code = sandbox.State.IssueCode(new AuthorizationCode(
            request.Client.ClientId, request.RedirectUri, request.CodeChallenge, request.Nonce, request.Scope, session.Id, sandbox.State.Now + sandbox.Lifetimes.AuthorizationCode));
        return Results.Redirect(RedirectUris.With(request.RedirectUri, ("code", code), ("state", request.State), ("session_state", session.Id), ("iss", sandbox.Issuer)));
    }

    private static IResult LoginPage(SandboxServices sandbox, string requestId, TestClient client)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p>The application <code>{E(client.ClientId)}</code> asks you to authenticate.</p>");
        body.Append("<form method=\"post\" action=\"/auth/login\">");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"request\" value=\"{E(requestId)}\">");
        body.Append("<fieldset><legend>Test identity</legend>");
        var first = true;
        foreach (var identity in sandbox.Directory.Identities)
        {
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"idnat\" value=\"{E(identity.IdNat)}\"{(first ? " checked" : "")}> {E(identity.Civilite)} {E(identity.GivenName)} {E(identity.FamilyName)} ({E(identity.IdNat)}, profession {E(identity.ProfessionCode)})</label><br>");
            first = false;
        }

        body.Append("</fieldset><fieldset><legend>Means</legend>");
        body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"means\" value=\"{Means.Card}\" checked> CPS card (simulated)</label><br>");
        body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"means\" value=\"{Means.App}\"> e-CPS app (simulated)</label>");
        body.Append("</fieldset><button name=\"action\" value=\"login\">Authenticate</button> <button name=\"action\" value=\"cancel\">Cancel</button></form>");
        return Page("Authenticate with Pro Santé Connect", body.ToString());
    }

    private static string? Value(Microsoft.Extensions.Primitives.StringValues value) => value.Count > 0 && value[0] is { Length: > 0 } s ? s : null;
}

internal static class Scopes
{
    public static bool HasOpenId(string? scope) => (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid");
}

/// <summary>Redirect URI matching and building.</summary>
internal static class RedirectUris
{
    /// <summary>Exact match, except that a loopback URI matches on any port (RFC 8252 §7.3).</summary>
    public static bool Matches(IReadOnlyList<string> registered, string? presented)
    {
        if (!Uri.TryCreate(presented, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0)
        {
            return false;
        }

        return registered.Any(r => string.Equals(r, presented, StringComparison.Ordinal)
            || (uri.IsLoopback && Uri.TryCreate(r, UriKind.Absolute, out var reg) && reg.IsLoopback && reg.Scheme == uri.Scheme && reg.Host == uri.Host
                && string.Equals(reg.PathAndQuery, uri.PathAndQuery, StringComparison.Ordinal)));
    }

    public static string With(string uri, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? uri : uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }
}
