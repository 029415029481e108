using Microsoft.AspNetCore.Http;

namespace OpenMss.OperatorConsole;

/// <summary>
/// The console's language, French or English: the administrator's choice (a cookie set by the switch in the
/// header), else the browser's first preference, else French.
/// </summary>
public readonly record struct Lang(bool English)
{
    public const string Cookie = "openmss-console-lang";

    public string Code => English ? "en" : "fr";

    public string T(string french, string english) => English ? english : french;

    public static Lang Of(HttpContext context) =>
        context.Request.Cookies[Cookie] is { } chosen && chosen is "en" or "fr"
            ? new Lang(chosen == "en")
            : new Lang(context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true);
}
