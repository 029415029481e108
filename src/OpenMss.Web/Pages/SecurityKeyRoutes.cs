using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpenMss.Web.Pages;

/// <summary>
/// WebAuthn security keys, the backup's other means: enrolled in a PSC session, used alone while PSC is down. The
/// ceremony's options come with the page; the browser's answer goes back in the form (/webauthn.js, the only script
/// of the webmail, allowed on these pages alone).
/// </summary>
internal static class SecurityKeyRoutes
{
    /// <summary>The script's text: options in the form's data-options, the answer in its "credential" field.</summary>
    public const string Script = """
        // WebAuthn ceremonies of the webmail's backup access (issue 21): no secret here, the operator checks the answer.
        document.addEventListener('submit', async (event) => {
          const form = event.target;
          if (!form.dataset.webauthn || form.elements.credential.value) return;
          event.preventDefault();
          try {
            const options = JSON.parse(form.dataset.options);
            const credential = form.dataset.webauthn === 'create'
              ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
              : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
            form.elements.credential.value = JSON.stringify(credential.toJSON());
            form.submit();
          } catch (e) {
            form.querySelector('.webauthn-problem').textContent = form.dataset.failed + ' (' + e.name + ')';
          }
        });
        """;

    public static void Map(IEndpointRouteBuilder app, IWebmailBackup backup, bool whilePscUp)
    {
        if (!backup.OffersSecurityKeys)
        {
            return;
        }

        app.MapGet("/webauthn.js", () => Results.Text(Script, "text/javascript"));
        app.MapGet("/security-key", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            var lang = Lang.Of(context);
            if (BackupRoutes.IsBackupSession(context.User))
            {
                return BackupRoutes.NeedsPsc(context, lang);
            }

            var idNat = BalAccess.IdNat(context.User);
            var title = lang.T("Clé de sécurité", "Security key");
            if (await backup.BeginKeyEnrolmentAsync(idNat, context.RequestAborted) is not { } ceremony)
            {
                return Html.Page(context, title, $"<p class=\"problem\">{lang.T("Vous avez enrôlé le nombre maximal de clés.", "You enrolled the most keys allowed.")}</p>", idNat, StatusCodes.Status409Conflict);
            }

            var body = $"<p>{lang.T("Branchez ou approchez votre clé de sécurité, puis enrôlez-la.", "Plug in or hold your security key near, then enrol it.")}</p>"
                + CeremonyForm("/security-key", "create", ceremony, antiforgery.GetAndStoreTokens(context), "", lang.T("Enrôler cette clé", "Enrol this key"), lang);
            return ScriptPage(context, title, body, idNat);
        }).RequireAuthorization();
        app.MapPost("/security-key", async (HttpContext context, IFormCollection form) =>
        {
            var lang = Lang.Of(context);
            if (BackupRoutes.IsBackupSession(context.User))
            {
                return BackupRoutes.NeedsPsc(context, lang);
            }

            var idNat = BalAccess.IdNat(context.User);
            var enrolled = await backup.FinishKeyEnrolmentAsync(idNat, form["ceremony"].ToString(), form["credential"].ToString(), context.RequestAborted);
            return enrolled
                ? Html.Page(context, lang.T("Clé de sécurité enrôlée", "Security key enrolled"), $"<p>{lang.T("Si Pro Santé Connect est indisponible, connectez-vous avec elle.", "If Pro Santé Connect is unavailable, log in with it.")}</p><p><a href=\"/\">{lang.T("Retour à vos BAL", "Back to your BALs")}</a></p>", idNat)
                : Html.Page(context, lang.T("Clé de sécurité", "Security key"), $"<p class=\"problem\" role=\"alert\">{lang.T("La clé n'a pas été enrôlée : sa réponse ne se vérifie pas, ou l'attente a duré plus de 5 minutes.", "The key was not enrolled: its answer does not verify, or it took over 5 minutes.")} <a href=\"/security-key\">{lang.T("Réessayer", "Try again")}</a></p>", idNat, StatusCodes.Status400BadRequest);
        }).RequireAuthorization();
        app.MapPost("/backup-login/key", async (HttpContext context, IFormCollection form, IAntiforgery antiforgery) =>
        {
            if (await BackupRoutes.ClosedAsync(context, whilePscUp))
            {
                return BackupRoutes.PscAnswers(context);
            }

            var lang = Lang.Of(context);
            var returnUrl = form["returnUrl"].ToString();
            if (await backup.BeginKeyLoginAsync(form["idnat"].ToString(), context.RequestAborted) is not { } ceremony)
            {
                return BackupRoutes.Form(context, antiforgery, backup, returnUrl, BackupRoutes.NotEnrolled(lang), StatusCodes.Status401Unauthorized);
            }

            var body = $"<p>{lang.T("Branchez ou approchez votre clé de sécurité, puis utilisez-la.", "Plug in or hold your security key near, then use it.")}</p>"
                + CeremonyForm("/backup-login/key/finish", "get", ceremony, antiforgery.GetAndStoreTokens(context), $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(returnUrl)}\">", lang.T("Utiliser ma clé", "Use my key"), lang);
            return ScriptPage(context, lang.T("Connexion de secours", "Backup login"), body, null);
        }).RequireRateLimiting(BackupRoutes.LimiterPolicy);
        app.MapPost("/backup-login/key/finish", async (HttpContext context, IFormCollection form, IAntiforgery antiforgery) =>
        {
            if (await BackupRoutes.ClosedAsync(context, whilePscUp))
            {
                return BackupRoutes.PscAnswers(context);
            }

            var login = await backup.KeyLogInAsync(form["ceremony"].ToString(), form["credential"].ToString(), context.RequestAborted);
            return await BackupRoutes.SignInAsync(context, antiforgery, backup, login.IdNat ?? "", login, "hwk", form["returnUrl"].ToString());
        }).RequireRateLimiting(BackupRoutes.LimiterPolicy);
    }

    /// <summary>The security key part of the backup access page: how many keys, and the way to enrol one.</summary>
    public static async Task<string> SectionAsync(IWebmailBackup backup, string idNat, Lang lang, CancellationToken cancellationToken)
    {
        var count = await backup.SecurityKeyCountAsync(idNat, cancellationToken);
        return $"<h2>{lang.T("Clés de sécurité (WebAuthn)", "Security keys (WebAuthn)")}</h2>"
            + $"<p class=\"status keys\">{lang.T($"Clés enrôlées : {count}.", $"Keys enrolled: {count}.")}</p>"
            + $"<p><a href=\"/security-key\">{lang.T("Enrôler une clé de sécurité", "Enrol a security key")}</a></p>";
    }

    private static string CeremonyForm(string action, string mode, WebmailKeyCeremony ceremony, AntiforgeryTokenSet tokens, string extra, string button, Lang lang) =>
        $"<form method=\"post\" action=\"{action}\" data-webauthn=\"{mode}\" data-options=\"{Html.E(ceremony.OptionsJson)}\" data-failed=\"{Html.E(lang.T("La clé n'a pas répondu", "The key did not answer"))}\">"
        + Html.Csrf(tokens) + extra
        + $"<input type=\"hidden\" name=\"ceremony\" value=\"{Html.E(ceremony.Id)}\"><input type=\"hidden\" name=\"credential\">"
        + $"<p class=\"webauthn-problem\" role=\"alert\"></p><button>{Html.E(button)}</button></form>";

    /// <summary>A page that runs /webauthn.js: its CSP allows the webmail's own script, still no inline one.</summary>
    private static IResult ScriptPage(HttpContext context, string title, string body, string? user)
    {
        context.Response.Headers.ContentSecurityPolicy += "; script-src 'self'";
        return Html.Page(context, title, body + "<script src=\"/webauthn.js\"></script>", user);
    }
}
