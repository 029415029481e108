using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using OpenMss.Lps;
using OpenMss.Web.Pages;

namespace OpenMss.Web;

/// <summary>A BAL the logged-in professional may open, with what reaching it takes: its SDK type and their access token.</summary>
internal sealed record OpenBal(Storage.Model.Bal Bal, BalType Type, string Token, string IdNat)
{
    public string Address => Bal.Address;
}

/// <summary>Runs a page for a BAL the professional may open; the same 404 for any other; the SDK's failures as pages.</summary>
internal static class BalAccess
{
    /// <summary>How the SDK opens the BAL with a PSC login: an ORG BAL as its authorised user, any other as its holder.</summary>
    public static BalType SdkType(Storage.Model.Bal bal) => bal.Type == Storage.Model.BalType.Org ? BalType.Org : BalType.Per;

    public static async Task<IResult> WithBalAsync(HttpContext context, string address, OpenableBals bals, Func<OpenBal, Task<IResult>> page)
    {
        var idNat = IdNat(context.User);
        var lang = Lang.Of(context);
        var bal = (await bals.ForAsync(idNat, context.RequestAborted)).FirstOrDefault(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase));
        if (bal is null)
        {
            // The same answer whether the BAL exists or not: the webmail tells nobody which BALs are hosted here.
            return Html.Page(context, lang.T("BAL introuvable", "No such BAL"), $"<p>{lang.T("Cette BAL ne vous est pas ouverte ici.", "This BAL does not open for you here.")}</p>", idNat, StatusCodes.Status404NotFound);
        }

        var token = await context.GetTokenAsync("access_token") ?? throw new InvalidOperationException("The login holds no access token.");
        try
        {
            return await page(new OpenBal(bal, SdkType(bal), token, idNat));
        }
        catch (Exception e) when (e is MssTokenRefusedException or MssPscSessionEndedException)
        {
            // The fronts no longer take the login's token (expired, or the PSC session ended): a new PSC login.
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString }, [OpenIdConnectDefaults.AuthenticationScheme]);
        }
        catch (MssUnavailableException)
        {
            return Html.Page(context, lang.T("Service indisponible", "Unavailable"), $"<p>{lang.T("La messagerie ne répond pas pour l'instant ; réessayez.", "The mail service does not answer now; try again.")}</p>", idNat, StatusCodes.Status503ServiceUnavailable);
        }
        catch (MssRefusedException e)
        {
            return Html.Page(context, lang.T("Refusé", "Refused"), $"<p class=\"problem\">{Html.E(e.Message)}</p>", idNat, StatusCodes.Status404NotFound);
        }
    }

    /// <summary>The professional's IdNat: PSC's SubjectNameID (preferred_username carries it too).</summary>
    public static string IdNat(ClaimsPrincipal user) =>
        user.FindFirst("SubjectNameID")?.Value ?? user.FindFirst("preferred_username")?.Value ?? throw new InvalidOperationException("The PSC login carries no IdNat.");
}
