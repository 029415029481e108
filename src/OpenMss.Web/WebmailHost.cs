using System.Globalization;
using System.Security.Authentication;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using MimeKit;
using OpenMss.Lps;
using OpenMss.Net;
using OpenMss.Psc;
using OpenMss.Storage;
using OpenMss.Web.Pages;

namespace OpenMss.Web;

/// <summary>
/// The webmail's HTTPS host: PSC login (authorization code with PKCE, ASP.NET Core's OIDC handler), a cookie session
/// whose tickets stay on the server, and the pages. TLS 1.2 and 1.3 only.
/// </summary>
public static class WebmailHost
{
    public static WebApplication Build(WebmailSettings settings, IDirectoryStore directory, TimeProvider? clock = null, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.Address, settings.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = settings.Certificate,
            ServerCertificateChain = settings.CertificateChain,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        })));
        var time = clock ?? TimeProvider.System;
        var tickets = new ServerSideTickets(time);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(tickets);
        builder.Services.AddSingleton(new OpenableBals(directory));
        builder.Services.AddSingleton(services =>
        {
            // PSC's keys as the login handler already knows them from discovery (refreshed when a token names a new one).
            var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
            return new LogoutTokenValidator(settings.PscIssuer.AbsoluteUri.TrimEnd('/'), settings.ClientId, async (refresh, token) =>
            {
                if (refresh)
                {
                    oidc.ConfigurationManager!.RequestRefresh();
                }

                return (await oidc.ConfigurationManager!.GetConfigurationAsync(token)).SigningKeys;
            }, time);
        });
        builder.Services.AddSingleton(_ => new MailboxSessions(new MssClient(SdkOptions(settings, time)), settings, time));
        builder.Services.AddSingleton(services => new BalMail(services.GetRequiredService<MailboxSessions>(), settings));
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "__Host-openmss-antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.FormFieldName = "csrf";
        });
        builder.Services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "__Host-openmss-webmail";
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax; // the PSC callback is a top-level redirect
                options.SessionStore = tickets;
                options.ExpireTimeSpan = TimeSpan.FromHours(10); // PSC's longest SSO session
                options.SlidingExpiration = false;
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = settings.PscIssuer.ToString().TrimEnd('/');
                options.ClientId = settings.ClientId;
                options.ClientSecret = settings.ClientSecret;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.SaveTokens = true; // into the server-side ticket, never the browser
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("scope_all");
                options.GetClaimsFromUserInfoEndpoint = false;
                options.MapInboundClaims = false;
                options.CallbackPath = "/signin-oidc";
                options.SignedOutCallbackPath = "/signed-out";
                options.SignedOutRedirectUri = "/signed-out";
                options.TokenValidationParameters.NameClaimType = "SubjectNameID";
                if (settings.PscTrustedCa is { } ca)
                {
                    options.BackchannelHttpHandler = TrustAnchors.HttpHandler(ca);
                }
            });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            Html.SecurityHeaders(context.Response);
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        Map(app);
        return app;
    }

    private static MssClientOptions SdkOptions(WebmailSettings settings, TimeProvider time)
    {
        // A page cannot wait as a background LPS would: one quick retry, then the page says so.
        var options = new MssClientOptions
        {
            Nil = "OPENMSS-WEBMAIL", Time = time, ClientName = "webmail.localdomain", RetryDelays = [TimeSpan.FromMilliseconds(300)], Timeout = TimeSpan.FromSeconds(20),
        };
        options.Trust.AddRootsFromPem(settings.FrontsTrustedCa);
        options.Trust.CheckRevocation = false; // the fronts are the operator's own, reached over its network
        return options;
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/webmail.css", () => Results.Text(Html.Style, "text/css"));
        app.MapGet("/signed-out", () => Html.Page("Déconnecté / Signed out", "<p><a href=\"/\">Se reconnecter / Log in again</a></p>"));
        // OpenID Connect Back-Channel Logout 1.0: a PSC logout ends every webmail session of that PSC session.
        app.MapPost("/backchannel-logout", async (HttpContext context, IFormCollection form, LogoutTokenValidator validator, ServerSideTickets tickets, ILoggerFactory logs) =>
        {
            var (notice, refusal) = await validator.ValidateAsync(form["logout_token"], context.RequestAborted);
            var logger = logs.CreateLogger("OpenMss.Web");
            if (notice is null)
            {
                WebmailLog.LogoutRefused(logger, refusal!);
                return Results.BadRequest();
            }

            var ended = notice.Sid is { } sid ? tickets.RemoveSession(sid) : tickets.RemoveSubject(notice.Subject!);
            WebmailLog.LoggedOut(logger, ended);
            return Results.Ok();
        }).DisableAntiforgery();
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/signed-out" });
        }).RequireAuthorization();
        app.MapGet("/", async (HttpContext context, OpenableBals bals) =>
        {
            var idNat = IdNat(context.User);
            var list = await bals.ForAsync(idNat, context.RequestAborted);
            var rows = string.Concat(list.Select(b => $"<li><a href=\"/bal/{Html.E(Uri.EscapeDataString(b.Address))}\">{Html.E(b.Address)}</a> ({b.Type.ToString().ToUpperInvariant()})</li>"));
            var body = list.Count == 0 ? "<p>Aucune BAL ne vous est ouverte ici. / No BAL here opens for you.</p>" : $"<ul class=\"bals\">{rows}</ul>";
            return Html.Page("Vos BAL / Your BALs", body, idNat);
        }).RequireAuthorization();
        app.MapGet("/bal/{address}", async (HttpContext context, string address, OpenableBals bals, BalMail mail) =>
            await WithBalAsync(context, address, bals, async (bal, type, token, idNat) =>
            {
                var messages = await mail.LatestAsync(bal.Address, type, token, context.RequestAborted);
                var link = "/bal/" + Html.E(Uri.EscapeDataString(bal.Address));
                var rows = string.Concat(messages.Select(m =>
                    $"<tr><td>{Html.E(m.From)}</td><td><a href=\"{link}/{m.Uid}\">{Html.E(string.IsNullOrEmpty(m.Subject) ? "(sans objet / no subject)" : m.Subject)}</a></td><td>{Html.E(m.Date?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td></tr>"));
                var notice = context.Request.Query["sent"] == "1" ? "<p class=\"notice\" role=\"status\">Message envoyé. / Message sent.</p>" : "";
                var actions = $"<p class=\"actions\"><a href=\"{link}/compose\">Nouveau message / New message</a></p>";
                var body = messages.Count == 0
                    ? "<p>Boîte de réception vide. / The INBOX is empty.</p>"
                    : $"<table class=\"messages\"><thead><tr><th>De / From</th><th>Objet / Subject</th><th>Date</th></tr></thead><tbody>{rows}</tbody></table>";
                return Html.Page(bal.Address, notice + actions + body, idNat);
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/{uid:long}", async (HttpContext context, string address, long uid, OpenableBals bals, BalMail mail) =>
            await WithBalAsync(context, address, bals, async (bal, type, token, idNat) =>
            {
                var message = await mail.ReadAsync(bal.Address, type, token, (uint)uid, context.RequestAborted);
                var actions = $"<p class=\"actions\"><a href=\"/bal/{Html.E(Uri.EscapeDataString(bal.Address))}/compose?reply={uid}\">Répondre / Reply</a></p>";
                return Html.Page(string.IsNullOrEmpty(message.Subject) ? "(sans objet / no subject)" : message.Subject, actions + MessagePage.Body(message, bal.Address, (uint)uid), idNat);
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/compose", async (HttpContext context, string address, long? reply, OpenableBals bals, BalMail mail, IAntiforgery antiforgery) =>
            await WithBalAsync(context, address, bals, async (bal, type, token, idNat) =>
            {
                var original = reply is { } uid ? await mail.ReadAsync(bal.Address, type, token, (uint)uid, context.RequestAborted) : null;
                return Html.Page("Nouveau message / New message", ComposePage.Body(bal.Address, antiforgery.GetAndStoreTokens(context), original, (uint?)reply), idNat);
            })).RequireAuthorization();
        app.MapPost("/bal/{address}/send", async (HttpContext context, string address, IFormCollection form, OpenableBals bals, BalMail mail) =>
            await WithBalAsync(context, address, bals, async (bal, type, token, idNat) =>
            {
                var original = long.TryParse(form["reply"], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) ? await mail.ReadAsync(bal.Address, type, token, (uint)uid, context.RequestAborted) : null;
                MimeMessage message;
                try
                {
                    message = await OutgoingMessage.FromFormAsync(form, bal.Address, original, context.RequestAborted);
                }
                catch (FormatException e)
                {
                    return Html.Page("Message non envoyé / Not sent", $"<p class=\"problem\">{Html.E(e.Message)}</p>", idNat, StatusCodes.Status400BadRequest);
                }

                await mail.SendAsync(bal.Address, type, token, message, context.RequestAborted);
                return Results.Redirect($"/bal/{Uri.EscapeDataString(bal.Address)}?sent=1", permanent: false, preserveMethod: false);
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/{uid:long}/text", async (HttpContext context, string address, long uid, OpenableBals bals, BalMail mail) =>
            await WithBalAsync(context, address, bals, async (bal, type, token, idNat) =>
            {
                var message = await mail.ReadAsync(bal.Address, type, token, (uint)uid, context.RequestAborted);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(message.TextBody ?? ""), "application/octet-stream", $"message-{uid}.txt");
            })).RequireAuthorization();
        app.MapGet("/bal/{address}/{uid:long}/attachment/{index:int}", async (HttpContext context, string address, long uid, int index, OpenableBals bals, BalMail mail) =>
            await WithBalAsync(context, address, bals, async (bal, type, token, idNat) =>
            {
                var message = await mail.ReadAsync(bal.Address, type, token, (uint)uid, context.RequestAborted);
                if (message.Attachments.ElementAtOrDefault(index) is not MimePart part || part.Content is null)
                {
                    return Html.Page("Pièce jointe introuvable / No such attachment", "", idNat, StatusCodes.Status404NotFound);
                }

                var content = new MemoryStream();
                await part.Content.DecodeToAsync(content, context.RequestAborted);
                // Always a download, never rendered here: an attached HTML page must not run in the webmail's origin.
                return Results.File(content.ToArray(), "application/octet-stream", MessagePage.FileName(part, index));
            })).RequireAuthorization();
    }

    /// <summary>Runs a page for a BAL the professional may open, with their access token; the same 404 for any other.</summary>
    private static async Task<IResult> WithBalAsync(HttpContext context, string address, OpenableBals bals, Func<Storage.Model.Bal, BalType, string, string, Task<IResult>> page)
    {
        var idNat = IdNat(context.User);
        var bal = (await bals.ForAsync(idNat, context.RequestAborted)).FirstOrDefault(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase));
        if (bal is null)
        {
            // The same answer whether the BAL exists or not: the webmail tells nobody which BALs are hosted here.
            return Html.Page("BAL introuvable / No such BAL", "<p>Cette BAL ne vous est pas ouverte ici. / This BAL does not open for you here.</p>", idNat, StatusCodes.Status404NotFound);
        }

        var token = await context.GetTokenAsync("access_token") ?? throw new InvalidOperationException("The login holds no access token.");
        try
        {
            return await page(bal, bal.Type == Storage.Model.BalType.Org ? BalType.Org : BalType.Per, token, idNat);
        }
        catch (Exception e) when (e is MssTokenRefusedException or MssPscSessionEndedException)
        {
            // The fronts no longer take the login's token (expired, or the PSC session ended): a new PSC login.
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.Path + context.Request.QueryString }, [OpenIdConnectDefaults.AuthenticationScheme]);
        }
        catch (MssUnavailableException)
        {
            return Html.Page("Service indisponible / Unavailable", "<p>La messagerie ne répond pas pour l'instant ; réessayez. / The mail service does not answer now; try again.</p>", idNat, StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The professional's IdNat: PSC's SubjectNameID (preferred_username carries it too).</summary>
    private static string IdNat(ClaimsPrincipal user) =>
        user.FindFirst("SubjectNameID")?.Value ?? user.FindFirst("preferred_username")?.Value ?? throw new InvalidOperationException("The PSC login carries no IdNat.");
}
