using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OpenMss.Web.Pages;

/// <summary>
/// Server-rendered pages: one layout, every value HTML-encoded on its way in, and the headers that keep a page to
/// itself (CSP with no script, no framing, no referrer).
/// </summary>
public static class Html
{
    /// <summary>
    /// No script at all on these pages; styles and images from the site only; forms post back to it. A form's
    /// redirects fall under form-action too (CSP3), so the logout, whose answer sends the browser on to PSC's
    /// end-session endpoint, needs PSC's origin there.
    /// </summary>
    public static string ContentSecurityPolicy(Uri? formsRedirectTo = null) =>
        $"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'{(formsRedirectTo is null ? "" : " " + formsRedirectTo.GetLeftPart(UriPartial.Authority))}; frame-ancestors 'none'; base-uri 'none'";

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>The antiforgery field of a form that changes something (even a logout: a forged one would end a session).</summary>
    public static string Csrf(HttpContext context) => Csrf(context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context));

    public static string Csrf(AntiforgeryTokenSet tokens) =>
        $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";

    public static IResult Page(HttpContext context, string title, string body, string? user = null, int status = StatusCodes.Status200OK)
    {
        var lang = Lang.Of(context);
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(lang.Code).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(E(title)).Append(" — OpenMSS</title><link rel=\"stylesheet\" href=\"/webmail.css\"></head><body>")
            .Append("<header><a href=\"/\">OpenMSS webmail</a>");
        if (user is not null)
        {
            page.Append("<span class=\"user\">").Append(E(user)).Append("</span>")
                .Append("<form method=\"post\" action=\"/logout\">").Append(Csrf(context)).Append("<button>").Append(lang.T("Se déconnecter", "Log out")).Append("</button></form>");
        }

        page.Append(Lang.SwitchLink(context)).Append("</header><main><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    public static void SecurityHeaders(HttpResponse response, string contentSecurityPolicy)
    {
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    public const string Style = """
        body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
        header { display: flex; gap: 1em; align-items: center; padding: .5em 1em; background: #0b4f8a; color: #fff; }
        header a { color: #fff; font-weight: bold; text-decoration: none; }
        header .user { margin-left: auto; }
        main { padding: 1em; max-width: 72em; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #ddd; }
        nav.folders ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1.2em; padding: 0; }
        nav.folders a[aria-current] { font-weight: bold; }
        .actions { margin: .5em 0; }
        form.inline { display: inline; margin-right: 1em; }
        nav.paging { margin: 1em 0; }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f90; }
        """;
}
