using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenMss.Sandbox.Annuaire;

/// <summary>
/// The sandbox's Annuaire Santé: it takes the operators' declarations (FHIR Patch on the holder's Practitioner or
/// Organization, spec §7.1) and publishes them over LDAP (slapd, when installed), FHIR search and the public
/// extraction file (spec §7.2-7.4). Liste rouge BALs are declared but never restituted.
/// </summary>
public sealed class AnnuaireStandIn : IAsyncDisposable
{
    public const string ExtractionPath = "/extraction/Extraction_Correspondance_MSSante";

    /// <summary>The key operators send in ESANTE-API-KEY (spec §7.4): the sandbox's is public, only checked for presence and value.</summary>
    public const string ApiKey = "openmss-sandbox-annuaire";

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir();
    private readonly WebApplication _app;

    private AnnuaireStandIn(WebApplication app, AnnuaireRegistry registry, SlapdDirectory? ldap, string? ldapProblem, int port)
    {
        _app = app;
        Registry = registry;
        Ldap = ldap;
        LdapProblem = ldapProblem;
        var root = $"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        FhirUrl = root + "/fhir/";
        ExtractionUrl = root + ExtractionPath;
    }

    public AnnuaireRegistry Registry { get; }

    public SlapdDirectory? Ldap { get; }

    /// <summary>Why LDAP does not run, when it does not.</summary>
    public string? LdapProblem { get; }

    public string FhirUrl { get; }

    public string ExtractionUrl { get; }

    public static async Task<AnnuaireStandIn> StartAsync(
        string directory, int httpsPort, int ldapPort, X509Certificate2 certificate, X509Certificate2Collection chain, TimeProvider clock, CancellationToken cancellationToken)
    {
        var registry = new AnnuaireRegistry(AnnuaireSeed.All(), Path.Combine(directory, "declarations.json"));
        var ldapProblem = SlapdDirectory.Unavailable();
        var ldap = ldapProblem is null ? await SlapdDirectory.StartAsync(Path.Combine(directory, "ldap"), ldapPort, cancellationToken) : null;
        try
        {
            if (ldap is not null)
            {
                await ldap.SyncAsync(registry.Published(), cancellationToken);
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, httpsPort, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                ServerCertificateChain = chain,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            })));
            builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = 256 * 1024);
            var app = builder.Build();
            app.MapMethods("/fhir/{type}", ["PATCH"], (string type, HttpRequest request, CancellationToken token) => PatchAsync(registry, ldap, type, request, token));
            app.MapGet("/fhir/{type}", (string type, HttpRequest request) => Search(registry, type, request));
            app.MapGet(ExtractionPath, () => Results.File(
                AnnuaireExtraction.Zip(registry.Published(), clock.GetUtcNow()), "application/zip", AnnuaireExtraction.FileName(clock.GetUtcNow()).Replace(".txt", ".zip", StringComparison.Ordinal)));
            await app.StartAsync(cancellationToken);
            return new AnnuaireStandIn(app, registry, ldap, ldapProblem, httpsPort);
        }
        catch
        {
            if (ldap is not null)
            {
                await ldap.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Ldap is not null)
        {
            await Ldap.DisposeAsync();
        }
    }

    private static async Task<IResult> PatchAsync(AnnuaireRegistry registry, SlapdDirectory? ldap, string type, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Headers["ESANTE-API-KEY"] != ApiKey)
        {
            return Outcome(HttpStatusCode.Unauthorized, "The ESANTE-API-KEY header is missing or wrong.");
        }

        if (type is not ("Practitioner" or "Organization"))
        {
            return Outcome(HttpStatusCode.NotFound, $"The resource type {type} takes no declaration.");
        }

        var identifier = request.Query["identifier"].ToString();
        var bar = identifier.LastIndexOf('|');
        if (bar <= 0)
        {
            return Outcome(HttpStatusCode.BadRequest, "A conditional PATCH needs identifier=system|value.");
        }

        Parameters? patch;
        try
        {
            patch = await JsonSerializer.DeserializeAsync<Parameters>(request.Body, Fhir, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or DeserializationFailedException)
        {
            return Outcome(HttpStatusCode.BadRequest, $"The body is not a FHIR Parameters resource: {e.Message}");
        }

        var holder = registry.FindHolder(type, identifier[..bar], identifier[(bar + 1)..]);
        if (holder is null)
        {
            return Outcome(HttpStatusCode.NotFound, $"No {type} has the identifier {identifier}.");
        }

        if (patch is null || registry.Apply(holder, patch) == PatchOutcome.BadPatch)
        {
            return Outcome(HttpStatusCode.BadRequest, "Only deletions of telecom.where(value = '...') and additions of MSSANTE telecoms are understood.");
        }

        if (ldap is not null)
        {
            await ldap.SyncAsync(registry.Published(), cancellationToken);
        }

        return Results.Json(new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Information, Code = OperationOutcome.IssueType.Informational, Diagnostics = "applied" }] }, Fhir, "application/fhir+json");
    }

    private static IResult Search(AnnuaireRegistry registry, string type, HttpRequest request)
    {
        if (type is not ("Practitioner" or "Organization"))
        {
            return Outcome(HttpStatusCode.NotFound, $"The resource type {type} is not served.");
        }

        try
        {
            var bundle = AnnuaireFhirResources.Search(type, registry.Published(), request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
            return Results.Json(bundle, Fhir, "application/fhir+json");
        }
        catch (ArgumentException e)
        {
            return Outcome(HttpStatusCode.BadRequest, e.Message);
        }
    }

    private static IResult Outcome(HttpStatusCode status, string diagnostics) => Results.Json(
        new OperationOutcome { Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Processing, Diagnostics = diagnostics }] },
        Fhir,
        "application/fhir+json",
        (int)status);
}
