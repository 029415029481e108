using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Operator.Authentication;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>
/// The administrators' login and logout. Every attempt is in the audit trail (category <c>console</c>), never with
/// the password, nor with a name that is not an administrator's (it may be a password typed in the wrong field).
/// </summary>
internal static class LoginPages
{
    /// <summary>The actor name of an administrator in the audit trail.</summary>
    public static string Actor(ClaimsPrincipal user) => "console:" + user.Identity!.Name;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext context) => Form(context, null));
        app.MapPost("/login", async (HttpContext context, IFormCollection form, ConsoleSettings settings, FailureThrottle<IPAddress> throttle, IMailStore store, TimeProvider clock) =>
        {
            var lang = Lang.Of(context);
            var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
            if (throttle.IsBlocked(address))
            {
                await AuditAsync(store, clock, "refused", null, "too many failed logins from this address");
                return Form(context, lang.T("Trop d'échecs de connexion depuis cette adresse : réessayez dans 15 minutes.", "Too many failed logins from this address: try again in 15 minutes."), StatusCodes.Status429TooManyRequests);
            }

            var name = form["name"].ToString().Trim();
            var known = settings.Admins.TryGetValue(name, out var hash);
            // An unknown name costs the same work as a wrong password: the timing tells no one which names exist.
            var matches = AdminPasswords.Verify(form["password"].ToString(), hash ?? UnknownAdminHash.Value) && known;
            if (!matches)
            {
                throttle.Failed(address);
                await AuditAsync(store, clock, "failure", known ? name : null, known ? "wrong password" : "unknown administrator");
                return Form(context, lang.T("Nom ou mot de passe incorrect.", "Wrong name or password."), StatusCodes.Status401Unauthorized);
            }

            throttle.Succeeded(address);
            await AuditAsync(store, clock, "success", name, null);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            var back = form["back"].ToString();
            return Results.LocalRedirect(Lang.IsLocal(back) ? back : "/");
        });
        app.MapPost("/logout", async (HttpContext context, IMailStore store, TimeProvider clock, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // No form is bound, so the antiforgery check is ours to make: a forged logout would end a session.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await store.Audit.AppendAsync(new AuditEvent(clock.GetUtcNow(), "console", "logout", "success", Front: "console", Actor: Actor(context.User)), context.RequestAborted);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).RequireAuthorization();
    }

    private static readonly Lazy<string> UnknownAdminHash = new(() => AdminPasswords.Hash(Guid.NewGuid().ToString()));

    private static Task AuditAsync(IMailStore store, TimeProvider clock, string outcome, string? name, string? reason) =>
        store.Audit.AppendAsync(new AuditEvent(clock.GetUtcNow(), "console", "login", outcome, Front: "console", Mechanism: "password", Reason: reason, Actor: name is null ? null : "console:" + name), CancellationToken.None);

    private static IResult Form(HttpContext context, string? problem, int status = StatusCodes.Status200OK)
    {
        var lang = Lang.Of(context);
        var back = context.Request.HasFormContentType ? context.Request.Form["back"].ToString() : context.Request.Query["ReturnUrl"].ToString();
        var body = (problem is null ? "" : Layout.Problem(problem))
            + "<form method=\"post\" action=\"/login\">" + Layout.Csrf(context)
            + $"<input type=\"hidden\" name=\"back\" value=\"{Html.E(back)}\">"
            + $"<label>{lang.T("Administrateur", "Administrator")} <input name=\"name\" autocomplete=\"username\" required autofocus></label>"
            + $"<label>{lang.T("Mot de passe", "Password")} <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
            + $"<button>{lang.T("Se connecter", "Log in")}</button></form>";
        return Layout.Page(context, lang.T("Connexion à la console", "Console login"), body, status);
    }
}
