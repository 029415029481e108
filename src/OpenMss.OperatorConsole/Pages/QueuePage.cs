using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Storage;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole.Pages;

/// <summary>The MTA's queue (recipients not yet delivered) and the destination domains, those in error first (seed 000 #10).</summary>
internal static class QueuePage
{
    private const int Shown = 500;

    public static void Map(RouteGroupBuilder pages) => pages.MapGet("/queue", async (HttpContext context, IMailStore store) =>
    {
        var lang = Lang.Of(context);
        var queue = (await store.Queue.ListAsync(Shown, context.RequestAborted)).Where(q => q.Status != "delivered").ToList();
        var domains = (await store.Queue.ListDomainsAsync(context.RequestAborted)).OrderBy(d => d.FailingSince is null).ThenBy(d => d.Domain, StringComparer.Ordinal).ToList();
        var domainRows = string.Concat(domains.Select(d =>
            $"<tr class=\"{(d.FailingSince is null ? "" : "failing")}\"><td>{Html.E(d.Domain)}</td><td>{(d.FailingSince is null ? lang.T("joignable", "reachable") : lang.T("en erreur depuis ", "failing since ") + Layout.Date(d.FailingSince))}</td>"
            + $"<td>{Layout.Date(d.LastSuccess)}</td><td>{Layout.Date(d.LastFailure)}</td><td>{Html.E(d.LastError)}</td></tr>"));
        var queueRows = string.Concat(queue.Select(q =>
            $"<tr><td>{Html.E(q.MailId)}</td><td>{Html.E(q.Sender)}</td><td>{Html.E(q.Recipient)}</td><td>{Html.E(q.Status)}</td><td>{q.Attempts}</td><td>{Layout.Date(q.NextAttempt)}</td><td>{Html.E(q.LastError)}</td></tr>"));
        var body = $"<h2>{lang.T("Domaines destinataires", "Destination domains")}</h2>"
            + (domains.Count == 0 ? $"<p>{lang.T("Aucune livraison encore.", "No delivery yet.")}</p>"
                : $"<table><thead><tr><th>{lang.T("Domaine", "Domain")}</th><th>{lang.T("État", "State")}</th><th>{lang.T("Dernier succès", "Last success")}</th><th>{lang.T("Dernier échec", "Last failure")}</th><th>{lang.T("Dernière erreur", "Last error")}</th></tr></thead><tbody>{domainRows}</tbody></table>")
            + $"<h2>{lang.T("En attente", "Waiting")} ({queue.Count})</h2>"
            + (queue.Count == 0 ? $"<p>{lang.T("La file est vide.", "The queue is empty.")}</p>"
                : $"<table><thead><tr><th>Mail</th><th>{lang.T("Expéditeur", "Sender")}</th><th>{lang.T("Destinataire", "Recipient")}</th><th>{lang.T("État", "State")}</th><th>{lang.T("Essais", "Attempts")}</th><th>{lang.T("Prochain essai", "Next attempt")}</th><th>{lang.T("Dernière erreur", "Last error")}</th></tr></thead><tbody>{queueRows}</tbody></table>");
        return Layout.Page(context, lang.T("File d'envoi", "Queue"), body);
    });
}
