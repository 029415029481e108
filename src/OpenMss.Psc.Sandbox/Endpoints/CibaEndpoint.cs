using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>
/// <c>/protocol/openid-connect/ext/ciba/auth</c>: a backchannel authentication request as ANS's reference client sends
/// it (spec §3.2): Basic client authentication, <c>scope=openid scope_all</c>, <c>acr_values=eidas1</c>,
/// <c>login_hint</c> (the IdNat), <c>binding_message</c> (two digits), <c>channel=CARD|MOBILE</c>. Poll mode only.
/// </summary>
internal static partial class CibaEndpoint
{
    public static void Map(WebApplication app, SandboxServices sandbox) =>
        app.MapPost(SandboxServices.ProtocolPath + "/ext/ciba/auth", async (HttpRequest request) =>
        {
            if (!request.HasFormContentType)
            {
                return OAuthError.BadRequest("invalid_request", "The request must be form-encoded.");
            }

            var form = await request.ReadFormAsync();
            var client = ClientAuthentication.Authenticate(request, form, sandbox.Directory);
            if (client is null)
            {
                return OAuthError.InvalidClient();
            }

            if (!client.Ciba)
            {
                return OAuthError.BadRequest("unauthorized_client", "CIBA is not enabled for this client.");
            }

            var scope = form["scope"].ToString();
            if (!Scopes.HasOpenId(scope))
            {
                return OAuthError.BadRequest("invalid_scope", "The scope must include openid.");
            }

            if (form["acr_values"] is { Count: > 0 } acr && !acr.ToString().Split(' ').Contains(TokenIssuer.Acr))
            {
                return OAuthError.BadRequest("invalid_request", "acr_values must include eidas1.");
            }

            var identity = sandbox.Directory.FindIdentity(form["login_hint"].ToString());
            if (identity is null)
            {
                return OAuthError.BadRequest("unknown_user_id", "No test identity has this login_hint (IdNat).");
            }

            var binding = form["binding_message"].ToString();
            if (binding.Length > 0 && !TwoDigits().IsMatch(binding))
            {
                return OAuthError.BadRequest("invalid_binding_message", "The binding_message must be two digits, 00 to 99.");
            }

            var channel = form["channel"] is { Count: > 0 } c ? c.ToString() : "MOBILE";
            if (channel is not ("CARD" or "MOBILE"))
            {
                return OAuthError.BadRequest("invalid_request", "The channel must be CARD or MOBILE.");
            }

            var now = sandbox.State.Now;
            var ciba = sandbox.State.AddCiba(id => new CibaRequest(id, client, identity, scope, binding.Length > 0 ? binding : null, channel, now, now + sandbox.Lifetimes.CibaRequest));
            return Results.Json(new
            {
                auth_req_id = ciba.Id,
                expires_in = (long)sandbox.Lifetimes.CibaRequest.TotalSeconds,
                interval = (long)sandbox.Lifetimes.CibaInterval.TotalSeconds,
            });
        });

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex TwoDigits();
}
