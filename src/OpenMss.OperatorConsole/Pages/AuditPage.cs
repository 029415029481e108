using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>
/// The audit trail, latest first: by BAL through the store's index, then by actor and action text among the
/// latest <see cref="Searched"/> entries (the page says so).
/// </summary>
internal static class AuditPage
{
    public const int Searched = 1000;
    private const int Shown = 200;

    public static void Map(RouteGroupBuilder pages) => pages.MapGet("/audit", async (HttpContext context, IMailStore store, string? bal, string? actor, string? action) =>
    {
        var lang = Lang.Of(context);
        var entries = await store.Audit.ListAsync(string.IsNullOrWhiteSpace(bal) ? null : bal.Trim().ToLowerInvariant(), Searched, context.RequestAborted);
        var found = entries
            .Where(e => string.IsNullOrWhiteSpace(actor) || (e.Event.Actor ?? "").Contains(actor.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(e => string.IsNullOrWhiteSpace(action) || e.Event.Action.Contains(action.Trim(), StringComparison.OrdinalIgnoreCase))
            .Take(Shown).ToList();
        var body = "<form method=\"get\" action=\"/audit\">"
            + $"<label>BAL <input name=\"bal\" value=\"{Html.E(bal)}\"></label>"
            + $"<label>{lang.T("Auteur", "Actor")} <input name=\"actor\" value=\"{Html.E(actor)}\"></label>"
            + $"<label>{lang.T("Action contient", "Action contains")} <input name=\"action\" value=\"{Html.E(action)}\"></label>"
            + $"<button>{lang.T("Chercher", "Search")}</button></form>"
            + $"<p>{lang.T($"Parmi les {Searched} dernières entrées{(string.IsNullOrWhiteSpace(bal) ? "" : " de la BAL")}, au plus {Shown} affichées.", $"Among the latest {Searched} entries{(string.IsNullOrWhiteSpace(bal) ? "" : " of the BAL")}, at most {Shown} shown.")}</p>"
            + Table(lang, found);
        return Layout.Page(context, lang.T("Journal d'audit", "Audit trail"), body);
    });

    public static string Table(Lang lang, IReadOnlyList<AuditRecord> entries) =>
        entries.Count == 0 ? $"<p>{lang.T("Aucune entrée.", "No entry.")}</p>"
        : $"<table class=\"audit\"><thead><tr><th>Date</th><th>{lang.T("Catégorie", "Category")}</th><th>Action</th><th>{lang.T("Résultat", "Outcome")}</th><th>BAL</th><th>{lang.T("Auteur", "Actor")}</th><th>{lang.T("Détail", "Detail")}</th></tr></thead><tbody>"
          + string.Concat(entries.Select(r => r.Event).Select(e =>
              $"<tr><td>{Layout.Date(e.At)}</td><td>{Html.E(e.Category)}</td><td>{Html.E(e.Action)}</td><td>{Html.E(e.Outcome)}</td><td>{Html.E(e.BalAddress)}</td><td>{Html.E(e.Actor)}</td><td>{Html.E(string.Join(" ", new[] { e.Front, e.Mechanism, e.Reason }.Where(x => !string.IsNullOrEmpty(x))))}</td></tr>"))
          + "</tbody></table>";
}
