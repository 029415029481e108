using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static OpenMss.Psc.Sandbox.Endpoints.Html;

namespace OpenMss.Psc.Sandbox.Endpoints;

/// <summary>
/// The tester's side of the sandbox, outside the realm: <c>/sandbox</c> shows pending CIBA requests (approve or
/// refuse, as the professional would on the e-CPS app or CPS-Gestion), live sessions (log out), the failure mode and
/// the recent back-channel logouts; the same actions are a small JSON API for scripts (<c>openmss psc ...</c>).
/// A form posted from another origin is refused.
/// </summary>
internal static class ControlEndpoints
{
    public const string Path = "/sandbox";

    public static void Map(WebApplication app, SandboxServices sandbox)
    {
        app.MapGet(Path, () => Overview(sandbox));
        app.MapGet(Path + "/state", () => Results.Json(State(sandbox)));
        app.MapPost(Path + "/ciba/{id}/{decision}", (HttpContext context, string id, string decision) => Act(context, sandbox, () =>
            decision is "approve" or "refuse"
                ? sandbox.State.Decide(id, decision == "approve", r => sandbox.State.OpenSession(r.Identity, Means.FromChannel(r.Channel)))
                    ? null
                    : "No pending CIBA request has this auth_req_id (answered or expired)."
                : "The decision is approve or refuse."));
        app.MapPost(Path + "/failure/{mode}", (HttpContext context, string mode) => Act(context, sandbox, () =>
        {
            if (!Enum.TryParse<FailureMode>(mode, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return "The failure mode is none, inactive, servererror or slow.";
            }

            sandbox.Failure = parsed;
            return null;
        }));
        app.MapPost(Path + "/keys/rotate", (HttpContext context) => Act(context, sandbox, () =>
        {
            sandbox.Keys.Rotate();
            return null;
        }));
        app.MapPost(Path + "/sessions/{id}/logout", (HttpContext context, string id) => Act(context, sandbox, () =>
            sandbox.EndSession(id) ? null : "No live session has this id."));
    }

    /// <summary>Runs an action: a form gets the page back, a script gets 204 or one sentence.</summary>
    private static IResult Act(HttpContext context, SandboxServices sandbox, Func<string?> action)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin.TrimEnd('/'), sandbox.BaseAddress, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new { error = "Requests from another origin are refused." }, statusCode: StatusCodes.Status403Forbidden);
        }

        var problem = action();
        var fromPage = context.Request.HasFormContentType;
        return (problem, fromPage) switch
        {
            (null, true) => Results.Redirect(Path),
            (null, false) => Results.NoContent(),
            (_, true) => Problem(problem),
            _ => Results.Json(new { error = problem }, statusCode: StatusCodes.Status404NotFound),
        };
    }

    private static object State(SandboxServices sandbox) => new
    {
        failure = sandbox.Failure.ToString().ToLowerInvariant(),
        pendingCiba = sandbox.State.PendingCiba().Select(r => new
        {
            authReqId = r.Id,
            idNat = r.Identity.IdNat,
            clientId = r.Client.ClientId,
            bindingMessage = r.BindingMessage,
            channel = r.Channel,
            expiresAt = r.Expires,
        }),
        sessions = sandbox.State.LiveSessions().Select(s => new
        {
            sessionState = s.Id,
            idNat = s.Identity.IdNat,
            means = s.Means,
            clients = s.Clients.Order().ToArray(),
            authTime = s.AuthTime,
            lastActivity = s.LastActivity,
            endsAt = s.EndsAt(sandbox.Lifetimes),
        }),
        logoutDeliveries = sandbox.Logout.Deliveries.Select(d => new { clientId = d.ClientId, status = d.Status }),
    };

    private static IResult Overview(SandboxServices sandbox)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p>Issuer <code>{E(sandbox.Issuer)}</code>. Failure mode: <strong>{E(sandbox.Failure.ToString())}</strong></p>");
        foreach (var mode in Enum.GetValues<FailureMode>())
        {
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{Path}/failure/{mode}\" style=\"display:inline\"><button>{E(mode.ToString())}</button></form> ");
        }

        body.Append("<h2>Pending CIBA requests</h2><table><tr><th>IdNat</th><th>Client</th><th>Code</th><th>Channel</th><th></th></tr>");
        foreach (var r in sandbox.State.PendingCiba())
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Identity.IdNat)}</td><td>{E(r.Client.ClientId)}</td><td>{E(r.BindingMessage)}</td><td>{E(r.Channel)}</td><td>");
            foreach (var decision in new[] { "approve", "refuse" })
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{Path}/ciba/{E(Uri.EscapeDataString(r.Id))}/{decision}\" style=\"display:inline\"><button>{decision}</button></form> ");
            }

            body.Append("</td></tr>");
        }

        body.Append("</table><h2>Live SSO sessions</h2><table><tr><th>IdNat</th><th>Means</th><th>Clients</th><th>Ends</th><th></th></tr>");
        foreach (var s in sandbox.State.LiveSessions())
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Identity.IdNat)}</td><td>{E(s.Means)}</td><td>{E(string.Join(", ", s.Clients.Order()))}</td><td>{s.EndsAt(sandbox.Lifetimes):u}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td><form method=\"post\" action=\"{Path}/sessions/{E(s.Id)}/logout\"><button>log out</button></form></td></tr>");
        }

        body.Append("</table><h2>Test identities</h2><ul>");
        foreach (var i in sandbox.Directory.Identities)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{E(i.IdNat)}: {E(i.Civilite)} {E(i.GivenName)} {E(i.FamilyName)}, profession {E(i.ProfessionCode)}</li>");
        }

        body.Append("</ul>");
        return Page("PSC sandbox", body.ToString());
    }
}
