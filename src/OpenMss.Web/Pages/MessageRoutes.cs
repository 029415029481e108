using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MimeKit;

namespace OpenMss.Web.Pages;

/// <summary>One message: read it, download its text or an attachment, move it, delete it.</summary>
internal static class MessageRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/bal/{address}/{uid:long}", async (HttpContext context, string address, long uid, string? folder, OpenableBals bals, BalMail mail, IAntiforgery antiforgery) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var lang = Lang.Of(context);
                var current = Folder(folder);
                var timing = new ServerTiming();
                var message = await timing.MeasureAsync("message", () => mail.ReadAsync(open.Address, open.Type, open.Token, current, (uint)uid, context.RequestAborted));
                var folders = await timing.MeasureAsync("folders", () => mail.FoldersAsync(open.Address, open.Type, open.Token, context.RequestAborted));
                var title = string.IsNullOrEmpty(message.Subject) ? lang.T("(sans objet)", "(no subject)") : message.Subject;
                var body = timing.Measure("render", () => Actions(open.Address, current, (uint)uid, folders, antiforgery.GetAndStoreTokens(context), lang) + MessagePage.Body(message, open.Address, current, (uint)uid, lang));
                return timing.Send(context, Html.Page(context, title, body, open.IdNat));
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/{uid:long}/text", async (HttpContext context, string address, long uid, string? folder, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var message = await mail.ReadAsync(open.Address, open.Type, open.Token, Folder(folder), (uint)uid, context.RequestAborted);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(message.TextBody ?? ""), "application/octet-stream", $"message-{uid}.txt");
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/{uid:long}/attachment/{index:int}", async (HttpContext context, string address, long uid, int index, string? folder, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var message = await mail.ReadAsync(open.Address, open.Type, open.Token, Folder(folder), (uint)uid, context.RequestAborted);
                var content = new MemoryStream();
                switch (message.Attachments.ElementAtOrDefault(index))
                {
                    case MimePart { Content: { } decoded }:
                        await decoded.DecodeToAsync(content, context.RequestAborted);
                        break;
                    case MessagePart { Message: { } forwarded }: // a forwarded message, as an .eml file
                        await forwarded.WriteToAsync(content, context.RequestAborted);
                        break;
                    default:
                        return Html.Page(context, Lang.Of(context).T("Pièce jointe introuvable", "No such attachment"), "", open.IdNat, StatusCodes.Status404NotFound);
                }

                // Always a download, never rendered here: an attached HTML page must not run in the webmail's origin.
                return Results.File(content.ToArray(), "application/octet-stream", MessagePage.FileName(message.Attachments.ElementAt(index), index));
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/{uid:long}/document/{archive:int}/{index:int}", async (HttpContext context, string address, long uid, int archive, int index, string? folder, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var lang = Lang.Of(context);
                var current = Folder(folder);
                var message = await mail.ReadAsync(open.Address, open.Type, open.Token, current, (uint)uid, context.RequestAborted);
                Xdm.XdmDocument? document;
                try
                {
                    document = Lps.Documents.MssDocuments.Read(message).ElementAtOrDefault(archive)?.Documents.ElementAtOrDefault(index);
                }
                catch (Xdm.XdmException e)
                {
                    return Html.Page(context, lang.T("IHE_XDM illisible", "IHE_XDM unreadable"), $"<p class=\"problem\">{Html.E(e.Message)}</p>", open.IdNat, StatusCodes.Status422UnprocessableEntity);
                }

                if (document is not { Content: { } content, Header: { } header })
                {
                    return Html.Page(context, lang.T("Document introuvable", "No such document"), "", open.IdNat, StatusCodes.Status404NotFound);
                }

                string body;
                try
                {
                    body = CdaView.Render(content, lang);
                }
                catch (Xdm.XdmException e)
                {
                    body = $"<p class=\"problem\">{Html.E(e.Message)}</p>";
                }

                var back = $"<p class=\"actions\"><a href=\"{Html.E(Links.Message(open.Address, current, (uint)uid))}\">← Message</a></p>";
                var fields = $"<dl class=\"fields\"><dt>Type (CODECDA)</dt><dd>{Html.E($"{header.Code.Code} {header.Code.DisplayName}".Trim())}</dd>"
                    + $"<dt>Patient</dt><dd>{Html.E($"{header.Patient.FamilyName} {header.Patient.GivenName}".Trim())} (INS {Html.E(header.Patient.Ins)})</dd>"
                    + $"<dt>Date</dt><dd>{Html.E(header.EffectiveTime)}</dd><dt>{lang.T("Auteur", "Author")}</dt><dd>{Html.E(string.Join(", ", header.Authors))}</dd></dl>";
                return Html.Page(context, header.Title ?? document.Path, back + fields + body, open.IdNat);
            })).RequireAuthorization();
        app.MapPost("/bal/{address}/{uid:long}/move", async (HttpContext context, string address, long uid, string? folder, IFormCollection form, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var current = Folder(folder);
                await mail.MoveAsync(open.Address, open.Type, open.Token, current, (uint)uid, form["target"].ToString(), context.RequestAborted);
                return Results.Redirect(Links.Folder(open.Address, current) + "&done=moved");
            })).RequireAuthorization();
        app.MapPost("/bal/{address}/{uid:long}/delete", async (HttpContext context, string address, long uid, string? folder, IFormCollection form, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var current = Folder(folder);
                var forGood = await mail.DeleteAsync(open.Address, open.Type, open.Token, current, (uint)uid, context.RequestAborted);
                return Results.Redirect(Links.Folder(open.Address, current) + (forGood ? "&done=deleted" : "&done=trashed"));
            })).RequireAuthorization();
    }

    private static string Folder(string? folder) => string.IsNullOrEmpty(folder) ? Links.Inbox : folder;

    /// <summary>Reply, forward, move to another folder, delete: links for what opens a form, posted forms (with their antiforgery field) for what changes the BAL.</summary>
    private static string Actions(string address, string folder, uint uid, IReadOnlyList<Lps.MssFolder> folders, AntiforgeryTokenSet tokens, Lang lang)
    {
        var csrf = Html.Csrf(tokens);
        var source = $"folder={Uri.EscapeDataString(folder)}";
        var compose = Links.Bal(address) + "/compose?";
        var targets = string.Concat(folders.Where(f => f.Name != folder).Select(f => $"<option value=\"{Html.E(f.Name)}\">{Html.E(FolderPage.Label(f, lang))}</option>"));
        return "<div class=\"actions\">"
            + $"<a href=\"{Html.E(compose + source + "&reply=" + uid.ToString(CultureInfo.InvariantCulture))}\">{lang.T("Répondre", "Reply")}</a> "
            + $"<a href=\"{Html.E(compose + source + "&forward=" + uid.ToString(CultureInfo.InvariantCulture))}\">{lang.T("Transférer", "Forward")}</a> "
            + $"<form class=\"inline\" method=\"post\" action=\"{Html.E(Links.Message(address, folder, uid, "/move"))}\">{csrf}<label>{lang.T("Déplacer vers", "Move to")} <select name=\"target\">{targets}</select></label><button>{lang.T("Déplacer", "Move")}</button></form> "
            + $"<form class=\"inline\" method=\"post\" action=\"{Html.E(Links.Message(address, folder, uid, "/delete"))}\">{csrf}<button>{lang.T("Supprimer", "Delete")}</button></form>"
            + "</div>";
    }
}
