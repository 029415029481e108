using System.Globalization;
using System.Text;
using OpenMss.Lps;

namespace OpenMss.Web.Pages;

/// <summary>A folder's page: the BAL's folders, a search, a page of messages newest first, links to the other pages.</summary>
internal static class FolderPage
{
    public static string Body(string address, IReadOnlyList<MssFolder> folders, string current, MssFolderPage listing, string? search, string? notice)
    {
        var page = new StringBuilder();
        if (notice is not null)
        {
            page.Append("<p class=\"notice\" role=\"status\">").Append(Html.E(notice)).Append("</p>");
        }

        page.Append("<nav class=\"folders\" aria-label=\"Dossiers / Folders\"><ul>");
        foreach (var folder in folders)
        {
            var unread = folder.Unread > 0 ? $" ({folder.Unread.ToString(CultureInfo.InvariantCulture)})" : "";
            var selected = string.Equals(folder.Name, current, StringComparison.Ordinal) ? " aria-current=\"page\"" : "";
            page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Html.E(Links.Folder(address, folder.Name))}\"{selected}>{Html.E(Label(folder))}</a>{unread}</li>");
        }

        page.Append("</ul></nav>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"actions\"><a href=\"{Html.E(Links.Bal(address))}/compose\">Nouveau message / New message</a></p>")
            .Append(CultureInfo.InvariantCulture, $"<form class=\"search\" method=\"get\" action=\"{Html.E(Links.Bal(address))}\" role=\"search\"><input type=\"hidden\" name=\"folder\" value=\"{Html.E(current)}\">")
            .Append(CultureInfo.InvariantCulture, $"<label>Chercher / Search <input name=\"q\" value=\"{Html.E(search)}\"></label><button>Chercher / Search</button></form>");
        if (listing.Messages.Count == 0)
        {
            page.Append(string.IsNullOrWhiteSpace(search) ? "<p>Dossier vide. / The folder is empty.</p>" : "<p>Aucun message trouvé. / No message found.</p>");
            return page.ToString();
        }

        page.Append("<table class=\"messages\"><thead><tr><th>De / From</th><th>Objet / Subject</th><th>Date</th></tr></thead><tbody>");
        foreach (var m in listing.Messages)
        {
            var subject = string.IsNullOrEmpty(m.Subject) ? "(sans objet / no subject)" : m.Subject;
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.E(m.From)}</td><td><a href=\"{Html.E(Links.Message(address, current, m.Uid))}\">{Html.E(subject)}</a></td><td>{Html.E(m.Date?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td></tr>");
        }

        page.Append("</tbody></table>");
        if (listing.Pages > 1)
        {
            page.Append("<nav class=\"paging\" aria-label=\"Pages\">");
            if (listing.Page > 1)
            {
                page.Append(CultureInfo.InvariantCulture, $"<a rel=\"prev\" href=\"{Html.E(Links.Folder(address, current, listing.Page - 1, search))}\">← Plus récents / Newer</a> ");
            }

            page.Append(CultureInfo.InvariantCulture, $"<span>{listing.Page} / {listing.Pages} ({listing.Total} messages)</span>");
            if (listing.Page < listing.Pages)
            {
                page.Append(CultureInfo.InvariantCulture, $" <a rel=\"next\" href=\"{Html.E(Links.Folder(address, current, listing.Page + 1, search))}\">Plus anciens / Older →</a>");
            }

            page.Append("</nav>");
        }

        return page.ToString();
    }

    /// <summary>The special folders in both languages; the professional's own by their name.</summary>
    public static string Label(MssFolder folder) => folder.Role switch
    {
        MssFolderRole.Inbox => "Boîte de réception / Inbox",
        MssFolderRole.Sent => "Envoyés / Sent",
        MssFolderRole.Drafts => "Brouillons / Drafts",
        MssFolderRole.Trash => "Corbeille / Trash",
        MssFolderRole.Junk => "Indésirables / Junk",
        MssFolderRole.Archive => "Archives / Archive",
        _ => folder.Name,
    };
}
