using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenMss.Operator.AdminApi;
using OpenMss.Operator.Authentication;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The admin API over HTTPS (docs/admin-api.md) when the fronts' TLS material and a credential are configured:
/// <c>Admin:Token</c> and/or <c>Admin:ClientCa</c> (PEM of the CA whose client certificates may administer, with
/// <c>Admin:ClientIntermediates</c> when clients do not send theirs). It
/// listens on <c>Admin:Address</c>, port base + 446 or <c>Admin:ApiPort</c>, with the fronts' TLS policy.
/// </summary>
public static class AdminApiHosting
{
    /// <summary>Adds the listener and the OpenAPI document; returns what maps the endpoints once the app is built, or null.</summary>
    public static Func<WebApplication, IPEndPoint>? Configure(IWebHostBuilder web, IServiceCollection services, IConfiguration configuration, IMailStore store, ListenerPorts ports)
    {
        var clientCa = configuration["Admin:ClientCa"] is { Length: > 0 } ca ? ca : null;
        var chain = clientCa is null ? null : CertificateChain.FromPem([clientCa], configuration.GetSection("Admin:ClientIntermediates").Get<string[]>() ?? [], TimeProvider.System);
        var caller = new AdminCaller(configuration["Admin:Token"], chain);
        if (!caller.IsConfigured || FrontHosting.Tls(configuration) is not { } tls)
        {
            return null;
        }

        var endPoint = new IPEndPoint(OperatorHost.AdminAddress(configuration), configuration.GetValue("Admin:ApiPort", ports.AdminApi));
        web.ConfigureKestrel(kestrel => kestrel.Listen(endPoint, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(tls.ServerOptions(requestClientCertificate: clientCa is not null)),
        })));
        services.AddOpenApi(options => options.ShouldInclude = description => description.RelativePath?.StartsWith("admin/v1", StringComparison.Ordinal) == true);
        var lifecycle = JobHosting.Lifecycle(configuration);
        var exportDirectory = configuration["Indicators:ExportDirectory"] is { Length: > 0 } directory ? directory : null;
        return app =>
        {
            var clock = app.Services.GetRequiredService<TimeProvider>();
            AdminApiEndpoints.Map(app, store, caller, endPoint.Port, lifecycle, exportDirectory, AdministrationHosting.Factory(store, clock, configuration), clock);
            app.MapOpenApi(AdminApiEndpoints.Prefix + "/openapi.json");
            return endPoint;
        };
    }
}
