using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Indicators;
using OpenMss.Operator.Lifecycle;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.AdminApi;

/// <summary>
/// The admin API (<c>/admin/v1</c>, docs/admin-api.md): domains, BALs, queue, indicator exports, lifecycle preview,
/// audit and Annuaire declarations. Served on its HTTPS listener only, to a caller with the admin token or an admin
/// client certificate; every change goes through <see cref="BalAdministration"/>, which audits it under the caller's name.
/// </summary>
public static class AdminApiEndpoints
{
    public const string Prefix = "/admin/v1";
    private const string ActorKey = "openmss.admin.actor";

    public static void Map(IEndpointRouteBuilder routes, IMailStore store, AdminCaller caller, int port, LifecycleOptions lifecycle, string? exportDirectory, Func<string, BalAdministration> administration, TimeProvider clock)
    {
        var api = routes.MapGroup(Prefix).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.Request.IsHttps || http.Connection.LocalPort != port)
            {
                return Results.NotFound(); // the plain health listener serves no administration
            }

            if (caller.Identify(http) is not { } actor)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"openmss-admin\"";
                return Problem(StatusCodes.Status401Unauthorized, "The admin API needs the admin token (Authorization: Bearer) or an admin client certificate.");
            }

            http.Items[ActorKey] = actor;
            try
            {
                return await next(context);
            }
            catch (AdministrationException e)
            {
                return Problem(e.Refusal switch { AdministrationRefusal.NotFound => 404, AdministrationRefusal.Conflict => 409, _ => 400 }, e.Message);
            }
        });

        BalAdministration Admin(HttpContext http) => administration((string)http.Items[ActorKey]!);

        api.MapGet("/domains", async (HttpContext http, CancellationToken ct) =>
            (await Admin(http).ListDomainsAsync(ct)).Select(d => new { d.Name, d.Created }));
        api.MapPost("/domains", async (NewDomainRequest request, HttpContext http, CancellationToken ct) =>
        {
            var domain = await Admin(http).AddDomainAsync(request.Name, ct);
            return Results.Created($"{Prefix}/domains/{domain.Name}", new { domain.Name, domain.Created });
        });

        api.MapGet("/bals", async (string? domain, HttpContext http, CancellationToken ct) =>
            (await Admin(http).ListBalsAsync(domain, ct)).Select(b => BalResponse.From(b, null)));
        api.MapPost("/bals", async (NewBalRequest request, HttpContext http, CancellationToken ct) =>
        {
            if (!Enum.TryParse<BalType>(request.Type, ignoreCase: true, out var type) || !Enum.IsDefined(type))
            {
                return Problem(400, $"'{request.Type}' is not a BAL type: PER, ORG, APP or CAB.");
            }

            var (bal, others) = await Admin(http).CreateBalAsync(new BalRequest(request.Address, type, request.IdNat, request.IdNatStruc, request.AuthorizedIdNats ?? [], request.ListeRouge), ct);
            return Results.Created($"{Prefix}/bals/{bal.Address}", (await BalAsync(store, bal, ct)) with { OtherBalsOfHolder = others });
        });
        api.MapGet("/bals/{address}", async (string address, HttpContext http, CancellationToken ct) =>
            await BalAsync(store, await Admin(http).GetBalAsync(address, ct), ct));
        api.MapPut("/bals/{address}/status", async (string address, StatusRequest request, HttpContext http, CancellationToken ct) =>
        {
            if (!Enum.TryParse<BalStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                return Problem(400, $"'{request.Status}' is not a BAL status: active, unpublished or deleted.");
            }

            return Results.Ok(await BalAsync(store, await Admin(http).SetStatusAsync(address, status, ct), ct));
        });
        api.MapPut("/bals/{address}/liste-rouge", async (string address, ListeRougeRequest request, HttpContext http, CancellationToken ct) =>
            await BalAsync(store, await Admin(http).SetListeRougeAsync(address, request.ListeRouge, ct), ct));
        api.MapPut("/bals/{address}/authorized-users", async (string address, AuthorizedUsersRequest request, HttpContext http, CancellationToken ct) =>
            await BalAsync(store, await Admin(http).SetAuthorizedUsersAsync(address, request.IdNats ?? [], ct), ct));
        api.MapDelete("/bals/{address}", async (string address, bool? force, HttpContext http, CancellationToken ct) =>
        {
            await Admin(http).DeleteBalAsync(address, force ?? false, ct);
            return Results.NoContent();
        });

        api.MapGet("/queue", async (int? limit, CancellationToken ct) =>
            (await store.Queue.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(q => new { q.Id, q.MailId, q.Sender, q.Recipient, q.Status, q.Attempts, q.NextAttempt, q.LastError }));
        api.MapGet("/destinations", async (CancellationToken ct) => await store.Queue.ListDomainsAsync(ct));

        api.MapPost("/indicators/exports", async (IndicatorExportRequest request, CancellationToken ct) =>
        {
            if (exportDirectory is null)
            {
                return Problem(409, "Indicators:ExportDirectory is not configured: the API has nowhere to write the files.");
            }

            ExportPeriod period;
            try
            {
                period = request.Month is { } month ? ExportPeriod.ParseMonth(month)
                    : request is { From: { } from, To: { } to } ? ExportPeriod.ParseDays(from, to)
                    : throw new FormatException("Give month (YYYY-MM), or from and to (YYYY-MM-DD).");
            }
            catch (FormatException e)
            {
                return Problem(400, e.Message);
            }

            var result = await new IndicatorExport(store).ExportAsync(period, exportDirectory, ct);
            return Results.Ok(new IndicatorExportResponse(period.Label, result.MessageRows, [.. result.MessageFiles.Select(Path.GetFileName)!], result.ConnectionRows, [.. result.ConnectionFiles.Select(Path.GetFileName)!]));
        });

        api.MapGet("/lifecycle/preview", async (string? at, CancellationToken ct) =>
        {
            var instant = clock.GetUtcNow();
            if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
            {
                return Problem(400, $"'{at}' is not a date: write it YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.");
            }

            var report = await new LifecycleJob(store, lifecycle).RunAsync(instant, dryRun: true, ct);
            return Results.Ok(new LifecyclePreviewResponse(report.At, report.BalsScanned, [.. report.Actions.Select(a => new LifecycleStepResponse(a.Bal.Address, LifecycleJob.ActionName(a), a.LastActivity, a.DeletionDate))]));
        });

        api.MapGet("/audit", async (string? bal, int? limit, CancellationToken ct) =>
            (await store.Audit.ListAsync(bal?.Trim().ToLowerInvariant(), Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(AuditResponse.From));

        api.MapGet("/annuaire/declarations", async (string? bal, bool? unsent, int? limit, CancellationToken ct) =>
            (await store.Annuaire.ListAsync(bal?.Trim().ToLowerInvariant(), unsent ?? false, Math.Clamp(limit ?? 100, 1, 1000), ct)).Select(DeclarationResponse.From));
    }

    private static async Task<BalResponse> BalAsync(IMailStore store, Bal bal, CancellationToken ct)
    {
        var latest = await store.Annuaire.ListAsync(bal.Address, unsentOnly: false, 1, ct);
        return BalResponse.From(bal, latest.Count == 0 ? null : latest[0]);
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}
