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
        pages.MapGet("/", async (HttpContext context) => await PageAsync(context, null, null));
        pages.MapPost("/domains", async (HttpContext context, IFormCollection form) =>
        {
            var name = form["name"].ToString();
            var refusal = await Admin.RefusalOfAsync(() => Admin.For(context).AddDomainAsync(name, context.RequestAborted));
            var lang = Lang.Of(context);
            return await PageAsync(context, refusal, refusal is null ? lang.T($"Domaine {name.Trim().ToLowerInvariant()} ajouté.", $"Domain {name.Trim().ToLowerInvariant()} added.") : null);
        });
    }

    private static async Task<IResult> PageAsync(HttpContext context, string? problem, string? notice)
    {
        var lang = Lang.Of(context);
        var admin = Admin.For(context);
        var domains = await admin.ListDomainsAsync(context.RequestAborted);
        var bals = await admin.ListBalsAsync(null, context.RequestAborted);
        var counts = bals.GroupBy(b => b.Address[(b.Address.IndexOf('@', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rows = string.Concat(domains.Select(d =>
            $"<tr><td><a href=\"/bals?domain={Html.E(Uri.EscapeDataString(d.Name))}\">{Html.E(d.Name)}</a></td><td>{counts.GetValueOrDefault(d.Name)}</td><td>{Layout.Date(d.Created)}</td></tr>"));
        var body = (problem is null ? "" : Layout.Problem(problem)) + (notice is null ? "" : Layout.Notice(notice))
            + $"<table><thead><tr><th>{lang.T("Domaine", "Domain")}</th><th>BAL</th><th>{lang.T("Créé", "Created")}</th></tr></thead><tbody>{rows}</tbody></table>"
            + $"<form method=\"post\" action=\"/domains\">{Layout.Csrf(context)}<fieldset><legend>{lang.T("Ajouter un domaine", "Add a domain")}</legend>"
            + $"<label>{lang.T("Nom", "Name")} <input name=\"name\" required></label><button>{lang.T("Ajouter", "Add")}</button></fieldset></form>";
        return Layout.Page(context, lang.T("Domaines", "Domains"), body, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
