using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>
/// <c>/protocol/openid-connect/logout</c>: RP-initiated logout (browser, with <c>id_token_hint</c> or the SSO cookie,
/// and an optional registered <c>post_logout_redirect_uri</c>), or a confidential client's POST with its refresh
/// token, as an intermediate server does on explicit disconnect. The session ends, its tokens stop being active and
/// the clients that took part get a back-channel logout token.
/// </summary>
internal static class LogoutEndpoint
{
    public static void Map(WebApplication app, SandboxServices sandbox)
    {
        // HttpRequest, not HttpContext: an async lambda on HttpContext would bind as a RequestDelegate and drop its result.
        app.MapGet(SandboxServices.ProtocolPath + "/logout", async (HttpRequest request) => await LogoutAsync(request.HttpContext, request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), null, sandbox));
        app.MapPost(SandboxServices.ProtocolPath + "/logout", async (HttpRequest request) =>
        {
            var context = request.HttpContext;
            if (!context.Request.HasFormContentType)
            {
                return OAuthError.BadRequest("invalid_request", "The logout request must be form-encoded.");
            }

            var form = await context.Request.ReadFormAsync();
            return await LogoutAsync(context, form.ToDictionary(f => f.Key, f => f.Value.ToString()), form, sandbox);
        });
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, Dictionary<string, string> parameters, IFormCollection? form, SandboxServices sandbox)
    {
        if (form is not null && parameters.TryGetValue("refresh_token", out var refresh))
        {
            var client = ClientAuthentication.Authenticate(context.Request, form, sandbox.Directory);
            if (client is null)
            {
                return OAuthError.InvalidClient();
            }

            var grant = sandbox.State.FindRefresh(refresh);
            if (grant is null || grant.ClientId != client.ClientId)
            {
                return OAuthError.BadRequest("invalid_grant", "The refresh token is unknown, spent or not this client's.");
            }

            sandbox.EndSession(grant.SessionId);
            return Results.NoContent();
        }

        string? sessionId = context.Request.Cookies[SandboxServices.SessionCookie];
        TestClient? hinted = null;
        if (parameters.TryGetValue("id_token_hint", out var hint))
        {
            // An expired ID token is still a good hint (OpenID Connect RP-Initiated Logout §2).
            var idToken = await sandbox.Tokens.ReadAsync(hint, "ID");
            if (idToken is null)
            {
                return Html.Problem("The id_token_hint was not issued by this sandbox.");
            }

            sessionId = idToken.TryGetPayloadValue<string>("sid", out var sid) ? sid : null;
            hinted = sandbox.Directory.FindClient(idToken.TryGetPayloadValue<string>("azp", out var azp) ? azp : "");
        }

        hinted ??= parameters.TryGetValue("client_id", out var clientId) ? sandbox.Directory.FindClient(clientId) : null;
        string? redirect = null;
        if (parameters.TryGetValue("post_logout_redirect_uri", out var requested))
        {
            if (hinted is null || !RedirectUris.Matches(hinted.PostLogoutRedirectUris, requested))
            {
                return Html.Problem("The post_logout_redirect_uri is not registered for the client named by id_token_hint or client_id.");
            }

            redirect = RedirectUris.With(requested, ("state", parameters.GetValueOrDefault("state")));
        }

        if (sessionId is not null)
        {
            sandbox.EndSession(sessionId);
        }

        context.Response.Cookies.Delete(SandboxServices.SessionCookie, new CookieOptions { Path = "/" });
        return redirect is not null ? Results.Redirect(redirect) : Html.Page("Logged out", "<p>Your Pro Santé Connect sandbox session has ended.</p>");
    }
}
