using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Operator.Administration;
using OpenMss.Storage.Model;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The BALs, by domain and search, a page of <see cref="PageSize"/> at a time; and creating one.</summary>
internal static class BalListPages
{
    public const int PageSize = 100;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/bals", (HttpContext context, string? domain, string? q, int? page) => PageAsync(context, domain, q, page ?? 1, null));
        pages.MapPost("/bals", async (HttpContext context, IFormCollection form) =>
        {
            var lang = Lang.Of(context);
            if (!Enum.TryParse<BalType>(form["type"], ignoreCase: true, out var type) || !Enum.IsDefined(type))
            {
                return await PageAsync(context, null, null, 1, lang.T("Choisissez un type de BAL : PER, ORG, APP ou CAB.", "Choose a BAL type: PER, ORG, APP or CAB."));
            }

            var person = type is BalType.Per or BalType.Cab;
            var holder = form["holder"].ToString().Trim();
            var users = form["authorizedIdNats"].ToString().Split([',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var request = new BalRequest(form["address"].ToString(), type, person ? holder : null, person ? null : holder, users, form["listeRouge"] == "on");
            BalCreation? created = null;
            var refusal = await Admin.RefusalOfAsync(async () => created = await Admin.For(context).CreateBalAsync(request, context.RequestAborted));
            if (refusal is not null)
            {
                return await PageAsync(context, null, null, 1, refusal);
            }

            var others = created!.OtherBals.Count == 0 ? "" : "?others=" + Uri.EscapeDataString(string.Join(',', created.OtherBals));
            return Results.Redirect($"/bals/{Uri.EscapeDataString(created.Bal.Address)}{others}");
        });
    }

    private static async Task<IResult> PageAsync(HttpContext context, string? domain, string? search, int page, string? problem)
    {
        var lang = Lang.Of(context);
        // The store pages and filters: the console never reads the whole directory.
        var admin = Admin.For(context);
        var shownDomain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim();
        var listed = await admin.ListBalsPageAsync(shownDomain, search, page, PageSize, context.RequestAborted);
        var pages = Math.Max(1, (listed.Total + PageSize - 1) / PageSize);
        if (page > pages || page < 1)
        {
            page = Math.Clamp(page, 1, pages);
            listed = await admin.ListBalsPageAsync(shownDomain, search, page, PageSize, context.RequestAborted);
        }

        var rows = string.Concat(listed.Bals.Select(b =>
            $"<tr><td>{Layout.BalLink(b.Address)}</td><td>{BalAdministration.Name(b.Type)}</td><td>{Html.E(b.Holder)}</td><td>{BalAdministration.Name(b.Status)}</td>"
            + $"<td>{(b.ListeRouge ? lang.T("oui", "yes") : lang.T("non", "no"))}</td><td>{Layout.Date(LastConnection(b))}</td></tr>"));
        string PageLink(int to, string text) => $"<a href=\"/bals?domain={Html.E(Uri.EscapeDataString(domain ?? ""))}&amp;q={Html.E(Uri.EscapeDataString(search ?? ""))}&amp;page={to.ToString(CultureInfo.InvariantCulture)}\">{Html.E(text)}</a>";
        var paging = pages == 1 ? "" : "<p class=\"paging\">"
            + (page > 1 ? PageLink(page - 1, lang.T("← Précédente", "← Previous")) + " " : "")
            + Html.E(lang.T($"Page {page} sur {pages}", $"Page {page} of {pages}"))
            + (page < pages ? " " + PageLink(page + 1, lang.T("Suivante →", "Next →")) : "") + "</p>";
        var body = (problem is null ? "" : Layout.Problem(problem))
            + $"<form method=\"get\" action=\"/bals\"><label>{lang.T("Chercher (adresse ou identifiant)", "Search (address or identifier)")} <input name=\"q\" value=\"{Html.E(search)}\"></label>"
            + $"<input type=\"hidden\" name=\"domain\" value=\"{Html.E(domain)}\"><button>{lang.T("Chercher", "Search")}</button></form>"
            + $"<table><thead><tr><th>{lang.T("Adresse", "Address")}</th><th>Type</th><th>IdNat / IdNatStruc</th><th>{lang.T("Statut", "Status")}</th><th>{lang.T("Liste rouge", "Liste rouge")}</th><th>{lang.T("Dernière connexion", "Last connection")}</th></tr></thead><tbody>{rows}</tbody></table>"
            + paging + CreateForm(context, lang);
        return Layout.Page(context, domain is { Length: > 0 } ? $"BAL — {domain}" : "BAL", body, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public static DateTimeOffset? LastConnection(Bal bal) => bal.LastAuthentications.Count == 0 ? null : bal.LastAuthentications.Values.Max();

    private static string CreateForm(HttpContext context, Lang lang) =>
        $"<form method=\"post\" action=\"/bals\">{Layout.Csrf(context)}<fieldset><legend>{lang.T("Créer une BAL", "Create a BAL")}</legend>"
        + $"<label>{lang.T("Adresse", "Address")} <input name=\"address\" required></label>"
        + $"<label>Type <select name=\"type\"><option value=\"PER\">PER</option><option value=\"ORG\">ORG</option><option value=\"APP\">APP</option><option value=\"CAB\">CAB</option></select></label>"
        + $"<label>{lang.T("IdNat du titulaire (PER, CAB) ou IdNatStruc (ORG, APP)", "Holder's IdNat (PER, CAB) or IdNatStruc (ORG, APP)")} <input name=\"holder\" required></label>"
        + $"<label>{lang.T("Utilisateurs autorisés (ORG), IdNat séparés par des virgules", "Authorised users (ORG), IdNats separated by commas")} <input name=\"authorizedIdNats\"></label>"
        + $"<label><input type=\"checkbox\" name=\"listeRouge\"> {lang.T("Liste rouge", "Liste rouge")}</label>"
        + $"<button>{lang.T("Créer", "Create")}</button></fieldset></form>";
}
