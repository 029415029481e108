using System.Globalization;

namespace OpenMss.Web.Pages;

/// <summary>The webmail's URLs (raw: encode them with <see cref="Html.E"/> in a page).</summary>
internal static class Links
{
    public const string Inbox = "INBOX";

    public static string Bal(string address) => "/bal/" + Uri.EscapeDataString(address);

    public static string Folder(string address, string folder, int page = 1, string? search = null) =>
        Bal(address) + "?folder=" + Uri.EscapeDataString(folder)
        + (page > 1 ? "&page=" + page.ToString(CultureInfo.InvariantCulture) : "")
        + (string.IsNullOrWhiteSpace(search) ? "" : "&q=" + Uri.EscapeDataString(search));

    /// <param name="tail">A sub-path of the message: <c>/text</c>, <c>/attachment/2</c>, <c>/move</c>…</param>
    public static string Message(string address, string folder, uint uid, string tail = "") =>
        $"{Bal(address)}/{uid.ToString(CultureInfo.InvariantCulture)}{tail}?folder={Uri.EscapeDataString(folder)}";
}
