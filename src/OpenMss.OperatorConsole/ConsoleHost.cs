using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Operator.Authentication;
using OpenMss.OperatorConsole.Pages;
using OpenMss.Storage;
using OpenMss.Web.Pages;

namespace OpenMss.OperatorConsole;

/// <summary>
/// The console's HTTPS host: a password login for the configured administrators (throttled, audited), a cookie
/// session, antiforgery on every form, pages without script under the webmail's CSP. TLS 1.2 and 1.3 only.
/// </summary>
public static class ConsoleHost
{
    public const string SessionCookie = "__Host-openmss-console";

    public static WebApplication Build(ConsoleSettings settings, IMailStore store, TimeProvider clock, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.EndPoint, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(settings.Tls.ServerOptions(requestClientCertificate: false)),
        })));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(new FailureThrottle<System.Net.IPAddress>(clock));
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "__Host-openmss-console-antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.FormFieldName = "csrf";
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = SessionCookie;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromHours(8); // a working day, then log in again
            options.SlidingExpiration = false;
            options.LoginPath = "/login";
            options.TimeProvider = clock;
        });

        var app = builder.Build();
        var contentSecurityPolicy = Html.ContentSecurityPolicy();
        app.Use(async (context, next) =>
        {
            Html.SecurityHeaders(context.Response, contentSecurityPolicy);
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapGet("/console.css", () => Results.Text(Layout.Style, "text/css"));
        Lang.MapSwitch(app);
        LoginPages.Map(app);
        var pages = app.MapGroup("").RequireAuthorization();
        DomainPages.Map(pages);
        BalListPages.Map(pages);
        BalPages.Map(pages);
        QueuePage.Map(pages);
        IndicatorPages.Map(pages);
        LifecyclePage.Map(pages);
        AuditPage.Map(pages);
        ReportPages.Map(pages);
        return app;
    }
}
