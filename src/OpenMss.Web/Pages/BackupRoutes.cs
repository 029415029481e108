using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpenMss.Web.Pages;

/// <summary>
/// The backup way in when PSC is down: enrolling an authenticator (only in a PSC session), and the login with a
/// code, which opens a webmail session as long as the operator's credential lasts (15 minutes), for the same BALs.
/// </summary>
internal static class BackupRoutes
{
    /// <summary>The claim a backup session carries: how it was opened (RFC 8176: "otp" a code, "hwk" a security key).</summary>
    public const string MethodClaim = "amr";

    /// <summary>Backup login posts one client address may make a minute, whatever the IdNats they name.</summary>
    public const int PostsPerAddressAndMinute = 30;

    internal const string LimiterPolicy = "backup-login";

    private const string PscChosenItem = "openmss-psc-chosen";

    public static bool IsBackupSession(ClaimsPrincipal user) => user.FindFirst(MethodClaim)?.Value is "otp" or "hwk";

    /// <summary>
    /// The operator throttles wrong codes per IdNat; this bounds one address's posts over any IdNats (guessing across
    /// IdNats, and the audit rows it writes), with room for a hospital's professionals behind one NAT (docs/decisions.md).
    /// </summary>
    public static void AddLimiter(IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(LimiterPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = PostsPerAddressAndMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var lang = Lang.Of(context);
                return new ValueTask(Html.Page(context, lang.T("Connexion de secours", "Backup login"),
                    $"<p class=\"problem\" role=\"alert\">{lang.T("Trop de tentatives depuis votre adresse : réessayez dans une minute.", "Too many attempts from your address: try again in a minute.")}</p>",
                    null, StatusCodes.Status429TooManyRequests).ExecuteAsync(context));
            };
        });

    /// <summary>Whether a PSC login was chosen on the page offering both ways in (<see cref="ChooserUrl"/>).</summary>
    public static bool PscChosen(AuthenticationProperties properties) => properties.Items.ContainsKey(PscChosenItem);

    public static string ChooserUrl(string? returnUrl) => "/login?returnUrl=" + Uri.EscapeDataString(Lang.IsLocal(returnUrl) ? returnUrl! : "/");

    public static void Map(IEndpointRouteBuilder app, IWebmailBackup backup, bool whilePscUp)
    {
        if (whilePscUp)
        {
            MapChooser(app);
        }

        app.MapGet("/backup-login", async (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            await ClosedAsync(context, whilePscUp) ? PscAnswers(context) : Form(context, antiforgery, backup, returnUrl, null));
        app.MapPost("/backup-login", async (HttpContext context, IFormCollection form, IAntiforgery antiforgery) =>
        {
            if (await ClosedAsync(context, whilePscUp))
            {
                return PscAnswers(context);
            }

            var idNat = form["idnat"].ToString().Trim();
            var login = await backup.LogInAsync(idNat, form["code"].ToString(), context.RequestAborted);
            return await SignInAsync(context, antiforgery, backup, idNat, login, "otp", form["returnUrl"].ToString());
        }).RequireRateLimiting(LimiterPolicy);
        SecurityKeyRoutes.Map(app, backup, whilePscUp);
        app.MapGet("/otp", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            var lang = Lang.Of(context);
            if (IsBackupSession(context.User))
            {
                return NeedsPsc(context, lang);
            }

            var idNat = BalAccess.IdNat(context.User);
            var enrolled = await backup.IsEnrolledAsync(idNat, context.RequestAborted);
            var tokens = antiforgery.GetAndStoreTokens(context);
            var body = $"<p>{lang.T("Si Pro Santé Connect est indisponible, vous pourrez vous connecter au webmail avec un code à usage unique (TOTP) de votre application d'authentification, pour les mêmes BAL.", "If Pro Santé Connect is unavailable, you can log in to the webmail with a one-time code (TOTP) from your authenticator application, for the same BALs.")}</p>"
                + $"<p class=\"status\">{(enrolled ? lang.T("Un authentificateur est enrôlé.", "An authenticator is enrolled.") : lang.T("Aucun authentificateur n'est enrôlé.", "No authenticator is enrolled."))}</p>"
                + $"<form method=\"post\" action=\"/otp\">{Html.Csrf(tokens)}"
                + $"<button>{(enrolled ? lang.T("Remplacer l'authentificateur", "Replace the authenticator") : lang.T("Enrôler un authentificateur", "Enrol an authenticator"))}</button></form>";
            if (backup.OffersSecurityKeys)
            {
                body += await SecurityKeyRoutes.SectionAsync(backup, idNat, lang, context.RequestAborted);
            }

            return Html.Page(context, lang.T("Accès de secours", "Backup access"), body, idNat);
        }).RequireAuthorization();
        app.MapPost("/otp", async (HttpContext context, IFormCollection form) =>
        {
            var lang = Lang.Of(context);
            if (IsBackupSession(context.User))
            {
                return NeedsPsc(context, lang);
            }

            var idNat = BalAccess.IdNat(context.User);
            var (secret, uri) = await backup.EnrolAsync(idNat, context.RequestAborted);
            var body = $"<p>{lang.T("Ajoutez ce compte à votre application d'authentification : scannez le code, ou saisissez la clé ; ils ne sont montrés qu'une fois.", "Add this account to your authenticator application: scan the code, or type the key; they are shown only once.")}</p>"
                + QrCode.Svg(uri.ToString(), lang.T("Code QR de l'authentificateur", "Authenticator QR code"))
                + $"<dl class=\"fields\"><dt>{lang.T("Clé", "Key")}</dt><dd><code class=\"otp-secret\">{Html.E(secret)}</code></dd><dt>URI</dt><dd><code>{Html.E(uri.ToString())}</code></dd></dl>"
                + $"<p><a href=\"/\">{lang.T("Retour à vos BAL", "Back to your BALs")}</a></p>";
            return Html.Page(context, lang.T("Authentificateur enrôlé", "Authenticator enrolled"), body, idNat);
        }).RequireAuthorization();
    }

    /// <summary>When the operator's policy opens the backup login while PSC is up, a visitor chooses between the two.</summary>
    private static void MapChooser(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext context, string? returnUrl) =>
        {
            var lang = Lang.Of(context);
            var back = Uri.EscapeDataString(Lang.IsLocal(returnUrl) ? returnUrl! : "/");
            var body = $"<ul class=\"bals\"><li><a href=\"/login/psc?returnUrl={back}\">{lang.T("Se connecter avec Pro Santé Connect", "Log in with Pro Santé Connect")}</a></li>"
                + $"<li><a href=\"/backup-login?returnUrl={back}\">{lang.T("Se connecter avec un code de secours", "Log in with a backup code")}</a></li></ul>";
            return Html.Page(context, lang.T("Connexion", "Log in"), body, null);
        });
        app.MapGet("/login/psc", (string? returnUrl) =>
        {
            var properties = new AuthenticationProperties { RedirectUri = Lang.IsLocal(returnUrl) ? returnUrl : "/" };
            properties.Items[PscChosenItem] = "1";
            return Results.Challenge(properties, [Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.AuthenticationScheme]);
        });
    }

    /// <summary>By default the single-factor way in opens only while PSC does not answer (docs/decisions.md).</summary>
    internal static async Task<bool> ClosedAsync(HttpContext context, bool whilePscUp) =>
        !whilePscUp && await context.RequestServices.GetRequiredService<PscStatus>().IsUpAsync(context.RequestAborted);

    /// <summary>Opens a webmail session with the operator's backup credential, or says why not on the login form.</summary>
    /// <param name="method">How the professional proved it (RFC 8176: "otp" for a code, "hwk" for a security key).</param>
    internal static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, IWebmailBackup backup, string idNat, WebmailBackupLogin login, string method, string returnUrl)
    {
        var lang = Lang.Of(context);
        switch (login.Refusal)
        {
            case WebmailBackupRefusal.NotEnrolled:
                return Form(context, antiforgery, backup, returnUrl, NotEnrolled(lang), StatusCodes.Status401Unauthorized);
            case WebmailBackupRefusal.WrongCode:
                return Form(context, antiforgery, backup, returnUrl, method == "otp" ? lang.T("Code faux ou déjà utilisé.", "Wrong code, or a code already used.") : lang.T("La clé de sécurité n'a pas été reconnue.", "The security key was not recognised."), StatusCodes.Status401Unauthorized);
            case WebmailBackupRefusal.Throttled:
                return Form(context, antiforgery, backup, returnUrl, lang.T("Trop d'échecs : réessayez dans 15 minutes.", "Too many failures: try again in 15 minutes."), StatusCodes.Status429TooManyRequests);
        }

        var identity = new ClaimsIdentity([new Claim("SubjectNameID", idNat), new Claim(MethodClaim, method)], CookieAuthenticationDefaults.AuthenticationScheme, "SubjectNameID", null);
        var properties = new AuthenticationProperties { ExpiresUtc = login.Expires, IsPersistent = false, AllowRefresh = false };
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = login.Credential! }]);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
        return Results.LocalRedirect(Lang.IsLocal(returnUrl) ? returnUrl : "/");
    }

    internal static string NotEnrolled(Lang lang) => lang.T(
        "Aucun authentificateur de secours n'est enrôlé pour cet IdNat : reconnectez-vous avec Pro Santé Connect quand il sera rétabli, puis enrôlez-en un depuis le webmail.",
        "No backup authenticator is enrolled for this IdNat: log in with Pro Santé Connect once it is back, then enrol one from the webmail.");

    internal static IResult PscAnswers(HttpContext context)
    {
        var lang = Lang.Of(context);
        return Html.Page(context, lang.T("Connexion de secours", "Backup login"), $"<p>{lang.T("Pro Santé Connect répond : connectez-vous avec lui.", "Pro Santé Connect answers: log in with it.")} <a href=\"/\">{lang.T("Se connecter", "Log in")}</a></p>", null, StatusCodes.Status403Forbidden);
    }

    /// <summary>An authenticator is enrolled only in a session opened with PSC: a code cannot vouch for a new one.</summary>
    internal static IResult NeedsPsc(HttpContext context, Lang lang) =>
        Html.Page(context, lang.T("Accès de secours", "Backup access"), $"<p>{lang.T("Enrôlez un authentificateur depuis une session ouverte avec Pro Santé Connect.", "Enrol an authenticator from a session opened with Pro Santé Connect.")}</p>", BalAccess.IdNat(context.User), StatusCodes.Status403Forbidden);

    /// <summary>The backup login: a code, or (when offered) a security key; each form names the IdNat.</summary>
    internal static IResult Form(HttpContext context, IAntiforgery antiforgery, IWebmailBackup backup, string? returnUrl, string? problem, int status = StatusCodes.Status200OK)
    {
        var lang = Lang.Of(context);
        var hidden = Html.Csrf(antiforgery.GetAndStoreTokens(context)) + $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(returnUrl)}\">";
        var idNat = "<label>IdNat <input name=\"idnat\" required autocomplete=\"username\" inputmode=\"numeric\"></label>";
        var body = (problem is null ? "" : $"<p class=\"problem\" role=\"alert\">{Html.E(problem)}</p>")
            + $"<p>{lang.T("Pro Santé Connect ne répond pas. Si vous avez enrôlé un authentificateur de secours, connectez-vous avec lui.", "Pro Santé Connect does not answer. If you enrolled a backup authenticator, log in with it.")}</p>"
            + $"<form method=\"post\" action=\"/backup-login\" class=\"otp-login\">{hidden}{idNat}"
            + $"<label>{lang.T("Code à usage unique", "One-time code")} <input name=\"code\" required autocomplete=\"one-time-code\" inputmode=\"numeric\" maxlength=\"6\"></label>"
            + $"<button>{lang.T("Se connecter", "Log in")}</button></form>";
        if (backup.OffersSecurityKeys)
        {
            body += $"<h2>{lang.T("Avec une clé de sécurité", "With a security key")}</h2><form method=\"post\" action=\"/backup-login/key\" class=\"key-login\">{hidden}{idNat}"
                + $"<button>{lang.T("Continuer avec ma clé", "Continue with my key")}</button></form>";
        }

        return Html.Page(context, lang.T("Connexion de secours", "Backup login"), body, null, status);
    }
}
