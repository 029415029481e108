using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Operator.Administration;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>One BAL: what it is, its last connections, its Annuaire declaration and audit trail; its status, liste rouge and ORG users changed.</summary>
internal static class BalPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/bals/{address}", (HttpContext context, string address, string? others, string? saved) =>
            PageAsync(context, address, null, saved == "1" ? Lang.Of(context).T("Modification enregistrée.", "Change saved.") : null, others));
        pages.MapPost("/bals/{address}/status", (HttpContext context, string address, IFormCollection form) =>
            ChangeAsync(context, address, admin =>
                Enum.TryParse<BalStatus>(form["status"], ignoreCase: true, out var status) && Enum.IsDefined(status)
                    ? admin.SetStatusAsync(address, status, context.RequestAborted)
                    : throw new AdministrationException($"'{form["status"]}' is not a BAL status: active, unpublished or deleted.")));
        pages.MapPost("/bals/{address}/liste-rouge", (HttpContext context, string address, IFormCollection form) =>
            ChangeAsync(context, address, admin => admin.SetListeRougeAsync(address, form["listeRouge"] == "on", context.RequestAborted)));
        pages.MapPost("/bals/{address}/authorized-users", (HttpContext context, string address, IFormCollection form) =>
            ChangeAsync(context, address, admin => admin.SetAuthorizedUsersAsync(
                address, form["idNats"].ToString().Split([',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), context.RequestAborted)));
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, string address, Func<BalAdministration, Task<Bal>> change)
    {
        var refusal = await Admin.RefusalOfAsync(() => change(Admin.For(context)));
        // Post/redirect/get: a reload does not post the change again.
        return refusal is null
            ? Results.Redirect($"/bals/{Uri.EscapeDataString(address)}?saved=1")
            : await PageAsync(context, address, refusal, null, null);
    }

    private static async Task<IResult> PageAsync(HttpContext context, string address, string? problem, string? notice, string? others)
    {
        var lang = Lang.Of(context);
        Bal bal;
        try
        {
            bal = await Admin.For(context).GetBalAsync(address, context.RequestAborted);
        }
        catch (AdministrationException e)
        {
            return Layout.Page(context, address, Layout.Problem(e.Message), e.Refusal == AdministrationRefusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }

        var store = (IMailStore)context.RequestServices.GetService(typeof(IMailStore))!;
        var declarations = await store.Annuaire.ListAsync(bal.Address, unsentOnly: false, 1, context.RequestAborted);
        var audit = await store.Audit.ListAsync(bal.Address, 20, context.RequestAborted);
        var action = "/bals/" + Html.E(Uri.EscapeDataString(bal.Address));
        var csrf = Layout.Csrf(context);
        var connections = bal.LastAuthentications.Count == 0
            ? $"<p>{lang.T("Aucune connexion.", "No connection yet.")}</p>"
            : "<ul>" + string.Concat(bal.LastAuthentications.Select(l => $"<li>{(l.Key == AuthFront.AuthCli ? "AUTH_CLI" : "PSC")} : {Layout.Date(l.Value)}</li>")) + "</ul>";
        var declaration = declarations.Count == 0 ? "—"
            : Html.E($"{declarations[0].Change.ToString().ToLowerInvariant()} {declarations[0].Status.ToString().ToLowerInvariant()} ({Layout.Date(declarations[0].Created)})") + (declarations[0].LastError is { } error ? " — " + Html.E(error) : "");
        var statuses = string.Concat(Enum.GetValues<BalStatus>().Select(s => $"<option value=\"{BalAdministration.Name(s)}\"{(s == bal.Status ? " selected" : "")}>{BalAdministration.Name(s)}</option>"));
        var body = (problem is null ? "" : Layout.Problem(problem)) + (notice is null ? "" : Layout.Notice(notice))
            + (others is { Length: > 0 } ? Layout.Notice(lang.T("Autres BAL du titulaire dans l'Annuaire (prévenu) : ", "The holder's other BALs in the Annuaire (told): ") + others) : "")
            + "<table><tbody>"
            + $"<tr><th>Type</th><td>{BalAdministration.Name(bal.Type)}</td></tr>"
            + $"<tr><th>{(bal.Type is BalType.Per or BalType.Cab ? "IdNat" : "IdNatStruc")}</th><td>{Html.E(bal.Holder)}</td></tr>"
            + $"<tr><th>{lang.T("Statut", "Status")}</th><td class=\"status\">{BalAdministration.Name(bal.Status)}</td></tr>"
            + $"<tr><th>{lang.T("Liste rouge", "Liste rouge")}</th><td>{(bal.ListeRouge ? lang.T("oui", "yes") : lang.T("non", "no"))}</td></tr>"
            + $"<tr><th>{lang.T("Créée", "Created")}</th><td>{Layout.Date(bal.Created)}</td></tr>"
            + $"<tr><th>{lang.T("Dernières connexions", "Last connections")}</th><td>{connections}</td></tr>"
            + $"<tr><th>{lang.T("Déclaration à l'Annuaire", "Annuaire declaration")}</th><td>{declaration}</td></tr>"
            + "</tbody></table>"
            + $"<form method=\"post\" action=\"{action}/status\">{csrf}<label>{lang.T("Statut", "Status")} <select name=\"status\">{statuses}</select></label><button>{lang.T("Changer le statut", "Change status")}</button></form>"
            + $"<form method=\"post\" action=\"{action}/liste-rouge\">{csrf}<label><input type=\"checkbox\" name=\"listeRouge\"{(bal.ListeRouge ? " checked" : "")}> {lang.T("Liste rouge", "Liste rouge")}</label><button>{lang.T("Enregistrer", "Save")}</button></form>"
            + (bal.Type == BalType.Org
                ? $"<form method=\"post\" action=\"{action}/authorized-users\">{csrf}<label>{lang.T("Utilisateurs autorisés (IdNat)", "Authorised users (IdNat)")} <input name=\"idNats\" value=\"{Html.E(string.Join(", ", bal.AuthorizedIdNats))}\"></label><button>{lang.T("Enregistrer", "Save")}</button></form>"
                : "")
            + $"<h2>{lang.T("Journal d'audit de la BAL", "The BAL's audit trail")}</h2>" + AuditPage.Table(lang, audit);
        return Layout.Page(context, bal.Address, body, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
