using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>
/// What operators call: introspection (RFC 7662, the caller authenticated as a registered client; the fields of
/// spec §3.5, <c>SubjectNameID</c> only for access tokens) and userinfo (bearer access token, PSC's claims). An
/// access token is active while unexpired, signed by a published key and its SSO session is alive: a logout
/// revokes it at once. The failure mode applies here.
/// </summary>
internal static class IntrospectionEndpoints
{
    public static void Map(WebApplication app, SandboxServices sandbox)
    {
        app.MapPost(SandboxServices.ProtocolPath + "/token/introspect", async (HttpRequest request) =>
        {
            if (!request.HasFormContentType)
            {
                return OAuthError.BadRequest("invalid_request", "The introspection request must be form-encoded.");
            }

            var form = await request.ReadFormAsync();
            if (ClientAuthentication.Authenticate(request, form, sandbox.Directory) is null)
            {
                return OAuthError.InvalidClient();
            }

            sandbox.CountIntrospection();
            if (await FailAsync(sandbox, request.HttpContext.RequestAborted) is { } failure)
            {
                return failure;
            }

            var inactive = new JsonObject { ["active"] = false };
            if (sandbox.Failure == FailureMode.Inactive)
            {
                return Results.Json(inactive);
            }

            var token = form["token"].ToString();
            return Results.Json(await IntrospectAccessAsync(token, sandbox) ?? IntrospectRefresh(token, sandbox) ?? inactive);
        });

        var userinfo = async (HttpRequest request) =>
        {
            if (await FailAsync(sandbox, request.HttpContext.RequestAborted) is { } failure)
            {
                return failure;
            }

            var header = request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            var session = sandbox.Failure == FailureMode.Inactive ? null : await LiveAccessAsync(token, sandbox);
            return session is null ? OAuthError.InvalidToken() : Results.Json(UserinfoClaims.For(session.Value.Session.Identity));
        };
        app.MapGet(SandboxServices.ProtocolPath + "/userinfo", userinfo);
        app.MapPost(SandboxServices.ProtocolPath + "/userinfo", userinfo);
    }

    private static async Task<JsonObject?> IntrospectAccessAsync(string token, SandboxServices sandbox)
    {
        if (await LiveAccessAsync(token, sandbox) is not { } live)
        {
            return null;
        }

        var jwt = live.Token;
        var claims = new JsonObject();
        foreach (var name in new[] { "exp", "iat", "auth_time" })
        {
            claims[name] = jwt.GetPayloadValue<long>(name);
        }

        foreach (var name in new[] { "jti", "iss", "sub", "typ", "azp", "nonce", "session_state", "preferred_username", "acr", "scope", "SubjectNameID" })
        {
            if (jwt.TryGetPayloadValue<string>(name, out var value))
            {
                claims[name] = value;
            }
        }

        claims["email_verified"] = false;
        claims["client_id"] = jwt.GetPayloadValue<string>("azp");
        claims["username"] = live.Session.Identity.IdNat;
        claims["active"] = true;
        return claims;
    }

    /// <summary>A refresh token is introspectable too, without SubjectNameID (spec §3.5).</summary>
    private static JsonObject? IntrospectRefresh(string token, SandboxServices sandbox)
    {
        var grant = sandbox.State.FindRefresh(token);
        var session = grant is null ? null : sandbox.State.LiveSession(grant.SessionId);
        if (grant is null || session is null)
        {
            return null;
        }

        return new JsonObject
        {
            ["exp"] = session.EndsAt(sandbox.Lifetimes).ToUnixTimeSeconds(),
            ["iat"] = grant.IssuedAt.ToUnixTimeSeconds(),
            ["iss"] = sandbox.Issuer,
            ["sub"] = TokenIssuer.Subject(session.Identity),
            ["typ"] = "Refresh",
            ["azp"] = grant.ClientId,
            ["session_state"] = session.Id,
            ["scope"] = grant.Scope,
            ["client_id"] = grant.ClientId,
            ["username"] = session.Identity.IdNat,
            ["active"] = true,
        };
    }

    private static async Task<(JsonWebToken Token, SsoSession Session)?> LiveAccessAsync(string? token, SandboxServices sandbox)
    {
        var jwt = await sandbox.Tokens.ReadAsync(token, "Bearer");
        if (jwt is null || TokenIssuer.Expiry(jwt) <= sandbox.State.Now)
        {
            return null;
        }

        var session = sandbox.State.LiveSession(jwt.TryGetPayloadValue<string>("sid", out var sid) ? sid : null);
        return session is null ? null : (jwt, session);
    }

    private static async Task<IResult?> FailAsync(SandboxServices sandbox, CancellationToken aborted)
    {
        switch (sandbox.Failure)
        {
            case FailureMode.ServerError:
                return OAuthError.Unavailable();
            case FailureMode.Slow:
                // Real time: the caller's timeout is what is being tested. A caller that gives up ends the wait.
                await Task.Delay(sandbox.Lifetimes.SlowDelay, aborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return null;
            default:
                return null;
        }
    }
}
