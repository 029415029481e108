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
                options.SignedOutCallbackPath = "/signout-callback-oidc"; // PSC comes back here, then the browser goes on to /signed-out
                options.SignedOutRedirectUri = "/signed-out";
                options.TokenValidationParameters.NameClaimType = "SubjectNameID";
                if (settings.PscTrustedCa is { } ca)
                {
                    options.BackchannelHttpHandler = TrustAnchors.HttpHandler(ca);
                }

                if (settings.Backup is not null)
                {
                    // PSC down: the backup login instead of a PSC page that will not come (seed 002).
                    options.Events.OnRedirectToIdentityProvider = async context =>
                    {
                        if (settings.BackupWhilePscUp && !BackupRoutes.PscChosen(context.Properties))
                        {
                            // Both ways in are open by policy: the professional chooses.
                            context.Response.Redirect(BackupRoutes.ChooserUrl(context.Properties.RedirectUri));
                            context.HandleResponse();
                            return;
                        }

                        if (!await context.HttpContext.RequestServices.GetRequiredService<PscStatus>().IsUpAsync(context.HttpContext.RequestAborted))
                        {
                            context.Response.Redirect(BackupLoginUrl(context.Properties.RedirectUri));
                            context.HandleResponse();
                        }
                    };
                }
            });
        if (settings.Backup is not null)
        {
            BackupRoutes.AddLimiter(builder.Services);
            builder.Services.AddSingleton(new PscStatus(settings.PscIssuer, settings.PscTrustedCa is { } trusted ? TrustAnchors.HttpHandler(trusted) : new System.Net.Http.SocketsHttpHandler(), time));
        }

        var app = builder.Build();
        var contentSecurityPolicy = Html.ContentSecurityPolicy(settings.PscIssuer);
        app.Use(async (context, next) =>
        {
            Html.SecurityHeaders(context.Response, contentSecurityPolicy);
            await next(context);
        });
        if (settings.Backup is not null)
        {
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (InvalidOperationException e) when (!context.Response.HasStarted && e.Message.Contains("IDX20803", StringComparison.Ordinal))
                {
                    // The login handler could not fetch PSC's configuration (IDX20803): PSC is down; the backup login.
                    context.Response.Redirect(BackupLoginUrl(context.Request.Path + context.Request.QueryString));
                }
            });
        }

        if (settings.Backup is not null)
        {
            app.UseRateLimiter(); // before any other work on a post over the limit
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        Map(app, settings);
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

    private static string BackupLoginUrl(string? returnUrl) => "/backup-login?returnUrl=" + Uri.EscapeDataString(Lang.IsLocal(returnUrl) ? returnUrl! : "/");

    private static void Map(WebApplication app, WebmailSettings settings)
    {
        var backup = settings.Backup;
        app.MapGet("/webmail.css", () => Results.Text(Html.Style, "text/css"));
        Lang.MapSwitch(app);
        app.MapGet("/signed-out", (HttpContext context) =>
        {
            var lang = Lang.Of(context);
            return Html.Page(context, lang.T("Déconnecté", "Signed out"), $"<p><a href=\"/\">{lang.T("Se reconnecter", "Log in again")}</a></p>");
        });
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
        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            // No form is bound, so the antiforgery check is ours to make: a forged logout would end a session.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var backupSession = BackupRoutes.IsBackupSession(context.User);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (backupSession)
            {
                context.Response.Redirect("/signed-out"); // no PSC session to end
                return;
            }

            await context.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/signed-out" });
        }).RequireAuthorization();
        app.MapGet("/", async (HttpContext context, OpenableBals bals) =>
        {
            var idNat = BalAccess.IdNat(context.User);
            var lang = Lang.Of(context);
            var list = await bals.ForAsync(idNat, context.RequestAborted);
            var rows = string.Concat(list.Select(b => $"<li><a href=\"/bal/{Html.E(Uri.EscapeDataString(b.Address))}\">{Html.E(b.Address)}</a> ({b.Type.ToString().ToUpperInvariant()})</li>"));
            var body = list.Count == 0 ? $"<p>{lang.T("Aucune BAL ne vous est ouverte ici.", "No BAL here opens for you.")}</p>" : $"<ul class=\"bals\">{rows}</ul>";
            if (backup is not null && !BackupRoutes.IsBackupSession(context.User))
            {
                body += $"<p class=\"actions\"><a href=\"/otp\">{lang.T("Accès de secours si PSC est indisponible", "Backup access when PSC is unavailable")}</a></p>";
            }

            return Html.Page(context, lang.T("Vos BAL", "Your BALs"), body, idNat);
        }).RequireAuthorization();
        if (backup is not null)
        {
            BackupRoutes.Map(app, backup, settings.BackupWhilePscUp);
        }

        FolderRoutes.Map(app);
        MessageRoutes.Map(app);
        ComposeRoutes.Map(app);
    }
}
