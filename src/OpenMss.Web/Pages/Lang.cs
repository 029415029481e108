using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpenMss.Web.Pages;

/// <summary>
/// A page's language, French or English: the user's choice (a cookie set by the switch in the header, shared by the
/// webmail and the console), else the browser's first preference, else French.
/// </summary>
public readonly record struct Lang(bool English)
{
    public const string Cookie = "openmss-lang";

    public string Code => English ? "en" : "fr";

    public string T(string french, string english) => English ? english : french;

    public static Lang Of(HttpContext context) =>
        context.Request.Cookies[Cookie] is { } chosen && chosen is "en" or "fr"
            ? new Lang(chosen == "en")
            : new Lang(context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The link to the same page in the other language; after a form post, which a GET cannot repeat, to the home page.</summary>
    public static string SwitchLink(HttpContext context)
    {
        var lang = Of(context);
        var other = lang.English ? "fr" : "en";
        var back = Uri.EscapeDataString(HttpMethods.IsGet(context.Request.Method) ? context.Request.Path + context.Request.QueryString : "/");
        return $"<a class=\"lang\" href=\"/lang/{other}?back={Html.E(back)}\" lang=\"{other}\">{(lang.English ? "Français" : "English")}</a>";
    }

    /// <summary>GET /lang/{fr|en}?back=: keeps the choice a year and goes back to a local page.</summary>
    public static void MapSwitch(IEndpointRouteBuilder app) =>
        app.MapGet("/lang/{code}", (HttpContext context, string code, string? back) =>
        {
            if (code is "fr" or "en")
            {
                context.Response.Cookies.Append(Cookie, code, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), Path = "/" });
            }

            return Results.LocalRedirect(IsLocal(back) ? back! : "/");
        });

    /// <summary>A path on this site only: not //host, not /\host (RFC 3986 network-path references).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
