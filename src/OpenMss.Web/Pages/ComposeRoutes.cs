using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MimeKit;

namespace OpenMss.Web.Pages;

/// <summary>Compose a new message, a reply or a forward, and send it through the submission front.</summary>
internal static class ComposeRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/bal/{address}/compose", async (HttpContext context, string address, string? folder, long? reply, long? forward, OpenableBals bals, BalMail mail, IAntiforgery antiforgery) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var lang = Lang.Of(context);
                var source = new Source(string.IsNullOrEmpty(folder) ? Links.Inbox : folder, (uint?)reply, (uint?)forward);
                var original = source.Uid is { } uid ? await mail.ReadAsync(open.Address, open.Type, open.Token, source.Folder, uid, context.RequestAborted) : null;
                return Html.Page(context, lang.T("Nouveau message", "New message"), ComposePage.Body(open.Address, antiforgery.GetAndStoreTokens(context), original, source, lang), open.IdNat);
            })).RequireAuthorization();
        app.MapPost("/bal/{address}/send", async (HttpContext context, string address, IFormCollection form, OpenableBals bals, BalMail mail) =>
            await BalAccess.WithBalAsync(context, address, bals, async open =>
            {
                var lang = Lang.Of(context);
                var source = new Source(form["folder"] is { Count: > 0 } f && f.ToString().Length > 0 ? f.ToString() : Links.Inbox, Uid(form["reply"]), Uid(form["forward"]));
                var original = source.Uid is { } uid ? await mail.ReadAsync(open.Address, open.Type, open.Token, source.Folder, uid, context.RequestAborted) : null;
                MimeMessage message;
                try
                {
                    message = await OutgoingMessage.FromFormAsync(form, open.Address, source.Reply is null ? null : original, source.Forward is null ? null : original, lang, context.RequestAborted);
                }
                catch (FormatException e)
                {
                    return Html.Page(context, lang.T("Message non envoyé", "Not sent"), $"<p class=\"problem\">{Html.E(e.Message)}</p>", open.IdNat, StatusCodes.Status400BadRequest);
                }

                await mail.SendAsync(open.Address, open.Type, open.Token, message, context.RequestAborted);
                return Results.Redirect(Links.Folder(open.Address, Links.Inbox) + "&done=sent");
            })).RequireAuthorization();
    }

    private static uint? Uid(Microsoft.Extensions.Primitives.StringValues value) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? uid : null;
}

/// <summary>The message a compose form answers or forwards, if any, and its folder.</summary>
internal sealed record Source(string Folder, uint? Reply, uint? Forward)
{
    public uint? Uid => Reply ?? Forward;
}
