using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenMss.Operator.Annuaire;
using OpenMss.Operator.Jobs;
using OpenMss.Storage;

namespace OpenMss.Operator.Hosting;

/// <summary>
/// The Annuaire declaration sender, when <c>Annuaire:Fhir</c> names the FHIR base URL to PATCH (with
/// <c>Annuaire:ApiKey</c> and, for a test Annuaire, <c>Annuaire:TrustedCa</c>). Without it the outbox fills and waits.
/// </summary>
public static class AnnuaireHosting
{
    public static void Configure(IServiceCollection services, IConfiguration configuration, IMailStore store)
    {
        if (configuration["Annuaire:Fhir"] is not { Length: > 0 } fhir)
        {
            return;
        }

        var baseAddress = new Uri(fhir.EndsWith('/') ? fhir : fhir + "/");
        var http = configuration["Annuaire:TrustedCa"] is { Length: > 0 } ca ? new HttpClient(Pki.TrustAnchors.HttpHandler(ca)) : new HttpClient();
        http.Timeout = TimeSpan.FromSeconds(30);
        services.AddHostedService(provider => new AnnuaireSender(
            store, new FhirPatchChannel(http, baseAddress, configuration["Annuaire:ApiKey"]), JobScheduler.NodeName(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Annuaire"))
        {
            PollInterval = configuration.GetValue("Annuaire:PollInterval", TimeSpan.FromSeconds(5)),
        });
    }
}
