using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The home page: the hosted domains, their BAL counts, and adding one.</summary>
internal static class DomainPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", (HttpContext context, string? added) =>
            PageAsync(context, null, added is null ? null : Lang.Of(context).T($"Domaine {added} ajouté.", $"Domain {added} added.")));
        pages.MapPost("/domains", async (HttpContext context, IFormCollection form) =>
        {
            Storage.Model.OperatorDomain? added = null;
            var refusal = await Admin.RefusalOfAsync(async () => added = await Admin.For(context).AddDomainAsync(form["name"].ToString(), context.RequestAborted));
            return refusal is null ? Results.Redirect("/?added=" + Uri.EscapeDataString(added!.Name)) : await PageAsync(context, refusal, null);
        });
    }

    private static async Task<IResult> PageAsync(HttpContext context, string? problem, string? notice)
    {
        var lang = Lang.Of(context);
        var admin = Admin.For(context);
        var domains = await admin.ListDomainsAsync(context.RequestAborted);
        var counts = await admin.CountBalsByDomainAsync(context.RequestAborted);
        var rows = string.Concat(domains.Select(d =>
            $"<tr><td><a href=\"/bals?domain={Html.E(Uri.EscapeDataString(d.Name))}\">{Html.E(d.Name)}</a></td><td>{counts.GetValueOrDefault(d.Name)}</td><td>{Layout.Date(d.Created)}</td></tr>"));
        var body = (problem is null ? "" : Layout.Problem(problem)) + (notice is null ? "" : Layout.Notice(notice))
            + $"<table><thead><tr><th>{lang.T("Domaine", "Domain")}</th><th>BAL</th><th>{lang.T("Créé", "Created")}</th></tr></thead><tbody>{rows}</tbody></table>"
            + $"<form method=\"post\" action=\"/domains\">{Layout.Csrf(context)}<fieldset><legend>{lang.T("Ajouter un domaine", "Add a domain")}</legend>"
            + $"<label>{lang.T("Nom", "Name")} <input name=\"name\" required></label><button>{lang.T("Ajouter", "Add")}</button></fieldset></form>";
        return Layout.Page(context, lang.T("Domaines", "Domains"), body, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
