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
        if (Endpoint(configuration) is not { } endpoint)
        {
            return;
        }

        var (baseAddress, http, apiKey) = endpoint;
        services.AddHostedService(provider => new AnnuaireSender(
            store, new FhirPatchChannel(http, baseAddress, apiKey), JobScheduler.NodeName(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>().CreateLogger("OpenMss.Annuaire"))
        {
            PollInterval = configuration.GetValue("Annuaire:PollInterval", TimeSpan.FromSeconds(5)),
        });
    }

    /// <summary>The MSS 17 lookup of a holder's other BALs, when the Annuaire is configured.</summary>
    public static ExistingBals? ExistingBals(IConfiguration configuration) =>
        Endpoint(configuration) is { } endpoint ? new ExistingBals(endpoint.Http, endpoint.BaseAddress, endpoint.ApiKey) : null;

    private static (Uri BaseAddress, HttpClient Http, string? ApiKey)? Endpoint(IConfiguration configuration)
    {
        if (configuration["Annuaire:Fhir"] is not { Length: > 0 } fhir)
        {
            return null;
        }

        var http = configuration["Annuaire:TrustedCa"] is { Length: > 0 } ca ? new HttpClient(OpenMss.Net.TrustAnchors.HttpHandler(ca)) : new HttpClient();
        http.Timeout = TimeSpan.FromSeconds(30);
        return (new Uri(fhir.EndsWith('/') ? fhir : fhir + "/"), http, configuration["Annuaire:ApiKey"]);
    }
}
