using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpenMss.Web.Pages;

/// <summary>GET /bal/{address}?folder=&amp;page=&amp;q=: a page of a folder (the INBOX by default).</summary>
internal static class FolderRoutes
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/bal/{address}", async (HttpContext context, string address, string? folder, int? page, string? q, string? done, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var lang = Lang.Of(context);
                var current = string.IsNullOrEmpty(folder) ? Links.Inbox : folder;
                var timing = new ServerTiming();
                var folders = await timing.MeasureAsync("folders", () => mail.FoldersAsync(open.Address, open.Type, open.Token, context.RequestAborted));
                var listing = await timing.MeasureAsync(string.IsNullOrWhiteSpace(q) ? "page" : "search", () => mail.PageAsync(open.Address, open.Type, open.Token, current, Math.Max(1, page ?? 1), q, context.RequestAborted));
                var notice = done switch
                {
                    "sent" => lang.T("Message envoyé.", "Message sent."),
                    "moved" => lang.T("Message déplacé.", "Message moved."),
                    "trashed" => lang.T("Message mis à la corbeille.", "Message moved to the trash."),
                    "deleted" => lang.T("Message supprimé.", "Message deleted."),
                    _ => null,
                };
                var title = folders.FirstOrDefault(f => f.Name == current) is { } shown ? $"{open.Address} — {FolderPage.Label(shown, lang)}" : open.Address;
                var body = timing.Measure("render", () => FolderPage.Body(open.Address, folders, current, listing, q, notice, lang));
                return timing.Send(context, Html.Page(context, title, body, open.IdNat));
            })).RequireAuthorization();
}
