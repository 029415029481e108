using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>
/// <c>/protocol/openid-connect/token</c>: the authorization code (with its PKCE verifier), the refresh token (rotated,
/// alive as long as the SSO session) and the CIBA poll (authorization_pending, slow_down, access_denied,
/// expired_token). Every grant needs the client's own authentication.
/// </summary>
internal static class TokenEndpoint
{
    public const string CibaGrant = "urn:openid:params:grant-type:ciba";

    public static void Map(WebApplication app, SandboxServices sandbox) =>
        app.MapPost(SandboxServices.ProtocolPath + "/token", async (HttpRequest request) =>
        {
            if (!request.HasFormContentType)
            {
                return OAuthError.BadRequest("invalid_request", "The token request must be form-encoded.");
            }

            var form = await request.ReadFormAsync();
            var client = ClientAuthentication.Authenticate(request, form, sandbox.Directory);
            if (client is null)
            {
                return OAuthError.InvalidClient();
            }

            return form["grant_type"].ToString() switch
            {
                "authorization_code" => Code(form, client, sandbox),
                "refresh_token" => await RefreshAsync(form, client, sandbox),
                CibaGrant => Ciba(form, client, sandbox),
                _ => OAuthError.BadRequest("unsupported_grant_type", "Grant types: authorization_code, refresh_token, " + CibaGrant + "."),
            };
        });

    private static IResult Code(IFormCollection form, TestClient client, SandboxServices sandbox)
    {
        var code = sandbox.State.RedeemCode(form["code"].ToString());
        if (code is null || code.ClientId != client.ClientId)
        {
            return OAuthError.BadRequest("invalid_grant", "The code is unknown, expired, already used or not this client's.");
        }

        if (code.RedirectUri != form["redirect_uri"])
        {
            return OAuthError.BadRequest("invalid_grant", "The redirect_uri differs from the authorization request's.");
        }

        if (code.CodeChallenge is not null && !VerifierMatches(form["code_verifier"].ToString(), code.CodeChallenge))
        {
            return OAuthError.BadRequest("invalid_grant", "The code_verifier does not match the code_challenge.");
        }

        var session = sandbox.State.LiveSession(code.SessionId, touch: true);
        return session is null
            ? OAuthError.BadRequest("invalid_grant", "The SSO session has ended.")
            : Results.Json(sandbox.IssueTokens(session, client, code.Scope, code.Nonce));
    }

    private static async Task<IResult> RefreshAsync(IFormCollection form, TestClient client, SandboxServices sandbox)
    {
        // Spent before anything else, so two concurrent uses cannot both succeed.
        var presented = form["refresh_token"].ToString();
        var grant = sandbox.State.SpendRefresh(presented);
        if (grant is null || grant.ClientId != client.ClientId)
        {
            return sandbox.State.ReplayedRefreshAnswer(presented, client.ClientId) is { } replayed
                ? Results.Text(replayed, "application/json")
                : OAuthError.BadRequest("invalid_grant", "The refresh token is unknown, spent or not this client's.");
        }

        var session = sandbox.State.LiveSession(grant.SessionId, touch: true);
        if (session is null)
        {
            return OAuthError.BadRequest("invalid_grant", "The SSO session has ended.");
        }

        var answer = sandbox.IssueTokens(session, client, grant.Scope, grant.Nonce).ToJsonString();
        sandbox.State.RememberRefreshAnswer(presented, client.ClientId, session.Id, answer);
        if (sandbox.TakeLateRefresh())
        {
            // Real time, and not cut short when the client gives up: the refresh is done, its answer lost.
            await Task.Delay(sandbox.Lifetimes.SlowDelay);
        }

        return Results.Text(answer, "application/json");
    }

    private static IResult Ciba(IFormCollection form, TestClient client, SandboxServices sandbox)
    {
        var request = sandbox.State.FindCiba(form["auth_req_id"].ToString());
        if (request is null || request.Client.ClientId != client.ClientId)
        {
            return OAuthError.BadRequest("invalid_grant", "The auth_req_id is unknown or not this client's.");
        }

        var now = sandbox.State.Now;
        var tooSoon = request.LastPoll is { } last && now - last < sandbox.Lifetimes.CibaInterval;
        request.LastPoll = now;
        switch (request.Status)
        {
            case CibaStatus.Refused:
                sandbox.State.RemoveCiba(request.Id);
                return OAuthError.BadRequest("access_denied", "The professional refused the authentication.");
            case CibaStatus.Approved:
                sandbox.State.RemoveCiba(request.Id);
                var session = sandbox.State.LiveSession(request.SessionId, touch: true);
                return session is null
                    ? OAuthError.BadRequest("invalid_grant", "The SSO session has ended.")
                    : Results.Json(sandbox.IssueTokens(session, client, request.Scope, nonce: null));
            default:
                if (request.Expires <= now)
                {
                    sandbox.State.RemoveCiba(request.Id);
                    return OAuthError.BadRequest("expired_token", "The authentication request expired before the professional answered.");
                }

                return tooSoon
                    ? OAuthError.BadRequest("slow_down", "Poll no more often than the interval.")
                    : OAuthError.BadRequest("authorization_pending", "The professional has not answered yet.");
        }
    }

    /// <summary>RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge; the verifier is 43 to 128 unreserved characters.</summary>
    private static bool VerifierMatches(string verifier, string challenge)
    {
        if (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return false;
        }

        var computed = Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(challenge));
    }
}
