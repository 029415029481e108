using System.Globalization;
using System.Text;
using OpenMss.Lps;

namespace OpenMss.Web.Pages;

/// <summary>A folder's page: the BAL's folders, a search, a page of messages newest first, links to the other pages.</summary>
internal static class FolderPage
{
    public static string Body(string address, IReadOnlyList<MssFolder> folders, string current, MssFolderPage listing, string? search, string? notice, Lang lang)
    {
        var page = new StringBuilder();
        if (notice is not null)
        {
            page.Append("<p class=\"notice\" role=\"status\">").Append(Html.E(notice)).Append("</p>");
        }

        page.Append(CultureInfo.InvariantCulture, $"<nav class=\"folders\" aria-label=\"{lang.T("Dossiers", "Folders")}\"><ul>");
        foreach (var folder in folders)
        {
            var unread = folder.Unread > 0 ? $" ({folder.Unread.ToString(CultureInfo.InvariantCulture)})" : "";
            var selected = string.Equals(folder.Name, current, StringComparison.Ordinal) ? " aria-current=\"page\"" : "";
            page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Html.E(Links.Folder(address, folder.Name))}\"{selected}>{Html.E(Label(folder, lang))}</a>{unread}</li>");
        }

        page.Append("</ul></nav>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"actions\"><a href=\"{Html.E(Links.Bal(address))}/compose\">{lang.T("Nouveau message", "New message")}</a></p>")
            .Append(CultureInfo.InvariantCulture, $"<form class=\"search\" method=\"get\" action=\"{Html.E(Links.Bal(address))}\" role=\"search\"><input type=\"hidden\" name=\"folder\" value=\"{Html.E(current)}\">")
            .Append(CultureInfo.InvariantCulture, $"<label>{lang.T("Chercher", "Search")} <input name=\"q\" value=\"{Html.E(search)}\"></label><button>{lang.T("Chercher", "Search")}</button></form>");
        if (listing.Messages.Count == 0)
        {
            page.Append("<p>").Append(string.IsNullOrWhiteSpace(search) ? lang.T("Dossier vide.", "The folder is empty.") : lang.T("Aucun message trouvé.", "No message found.")).Append("</p>");
            return page.ToString();
        }

        page.Append(CultureInfo.InvariantCulture, $"<table class=\"messages\"><thead><tr><th>{lang.T("De", "From")}</th><th>{lang.T("Objet", "Subject")}</th><th>Date</th></tr></thead><tbody>");
        foreach (var m in listing.Messages)
        {
            var subject = string.IsNullOrEmpty(m.Subject) ? lang.T("(sans objet)", "(no subject)") : m.Subject;
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(m.From)}</td><td><a href=\"{Html.E(Links.Message(address, current, m.Uid))}\">{Html.E(subject)}</a></td><td>{Html.E(m.Date?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td></tr>");
        }

        page.Append("</tbody></table>");
        if (listing.Pages > 1)
        {
            page.Append("<nav class=\"paging\" aria-label=\"Pages\">");
            if (listing.Page > 1)
            {
                page.Append(CultureInfo.InvariantCulture, $"<a rel=\"prev\" href=\"{Html.E(Links.Folder(address, current, listing.Page - 1, search))}\">{lang.T("← Plus récents", "← Newer")}</a> ");
            }

            page.Append(CultureInfo.InvariantCulture, $"<span>{listing.Page} / {listing.Pages} ({listing.Total} messages)</span>");
            if (listing.Page < listing.Pages)
            {
                page.Append(CultureInfo.InvariantCulture, $" <a rel=\"next\" href=\"{Html.E(Links.Folder(address, current, listing.Page + 1, search))}\">{lang.T("Plus anciens →", "Older →")}</a>");
            }

            page.Append("</nav>");
        }

        return page.ToString();
    }

    /// <summary>The special folders in the page's language; the professional's own by their name.</summary>
    public static string Label(MssFolder folder, Lang lang) => folder.Role switch
    {
        MssFolderRole.Inbox => lang.T("Boîte de réception", "Inbox"),
        MssFolderRole.Sent => lang.T("Envoyés", "Sent"),
        MssFolderRole.Drafts => lang.T("Brouillons", "Drafts"),
        MssFolderRole.Trash => lang.T("Corbeille", "Trash"),
        MssFolderRole.Junk => lang.T("Indésirables", "Junk"),
        MssFolderRole.Archive => lang.T("Archives", "Archive"),
        _ => folder.Name,
    };
}
