using System.Text;
using Microsoft.AspNetCore.Http;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The console's one layout: header with the sections, the language switch and logout; every value encoded.</summary>
internal static class Layout
{
    public static IResult Page(HttpContext context, string title, string body, int status = StatusCodes.Status200OK)
    {
        var lang = Lang.Of(context);
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(lang.Code).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(Html.E(title)).Append(" — OpenMSS console</title><link rel=\"stylesheet\" href=\"/console.css\"></head><body>")
            .Append("<header><a class=\"home\" href=\"/\">OpenMSS console</a>");
        if (context.User.Identity?.IsAuthenticated == true)
        {
            page.Append("<nav>")
                .Append(Link("/", lang.T("Domaines", "Domains")))
                .Append(Link("/bals", "BAL"))
                .Append(Link("/queue", lang.T("File d'envoi", "Queue")))
                .Append(Link("/indicators", lang.T("Indicateurs", "Indicators")))
                .Append(Link("/lifecycle", lang.T("Cycle de vie", "Lifecycle")))
                .Append(Link("/audit", lang.T("Journal d'audit", "Audit")))
                .Append(Link("/reports", lang.T("Rapports de conformité", "Conformance reports")))
                .Append("</nav><span class=\"user\">").Append(Html.E(context.User.Identity.Name)).Append("</span>")
                .Append("<form method=\"post\" action=\"/logout\">").Append(Csrf(context)).Append("<button>").Append(lang.T("Se déconnecter", "Log out")).Append("</button></form>");
        }

        page.Append(Lang.SwitchLink(context)).Append("</header><main><h1>").Append(Html.E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The hidden antiforgery field every form posts.</summary>
    public static string Csrf(HttpContext context) => Html.Csrf(context);

    public static string Problem(string sentence) => $"<p class=\"problem\" role=\"alert\">{Html.E(sentence)}</p>";

    public static string Notice(string sentence) => $"<p class=\"notice\" role=\"status\">{Html.E(sentence)}</p>";

    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "—";

    public static string BalLink(string address) => $"<a href=\"/bals/{Html.E(Uri.EscapeDataString(address))}\">{Html.E(address)}</a>";

    private static string Link(string href, string text) => $"<a href=\"{href}\">{Html.E(text)}</a>";

    public const string Style = """
        body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
        header { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; padding: .5em 1em; background: #5a2a82; color: #fff; }
        header a { color: #fff; text-decoration: none; }
        header .home { font-weight: bold; }
        header nav { display: flex; gap: .8em; }
        header .user { margin-left: auto; }
        main { padding: 1em; max-width: 80em; }
        table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
        th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
        form.inline { display: inline; }
        fieldset { margin: 1em 0; }
        label { display: block; margin: .3em 0; }
        .problem { color: #a00; font-weight: bold; }
        .notice { color: #060; }
        .failing { color: #a00; }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f90; }
        """;
}
