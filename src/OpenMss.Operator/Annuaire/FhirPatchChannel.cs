using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hl7.Fhir.Serialization;

namespace OpenMss.Operator.Annuaire;

/// <summary>
/// Declares BALs over the Annuaire's FHIR Patch endpoint (spec §7.1): a conditional PATCH on the holder's resource,
/// <c>PATCH {base}/Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|{IdNat}</c> (or Organization by FINESS or
/// IdNatStruc), body <c>application/fhir+json</c>, the <c>ESANTE-API-KEY</c> header when a key is configured.
/// 404 (no such holder) and 412 (several) are answers the operator must see and that can change (a registration
/// completes), so they are retried; 400 and 422 say the request itself is wrong and are not.
/// </summary>
public sealed class FhirPatchChannel(HttpClient http, Uri baseAddress, string? apiKey) : IAnnuaireChannel
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir();

    public async Task<DeclarationOutcome> DeclareAsync(BalPublication publication, CancellationToken cancellationToken)
    {
        var (system, value) = MailboxFhir.HolderIdentifier(publication.Type, publication.Holder);
        var target = new Uri(
            baseAddress,
            $"{MailboxFhir.ResourceType(publication.Type)}?identifier={Uri.EscapeDataString($"{system}|{value}")}");
        using var request = new HttpRequestMessage(HttpMethod.Patch, target)
        {
            Content = new StringContent(JsonSerializer.Serialize(FhirPatch.For(publication), Fhir)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (apiKey is { Length: > 0 })
        {
            request.Headers.Add("ESANTE-API-KEY", apiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return DeclarationOutcome.Retry($"the Annuaire cannot be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeclarationOutcome.Retry("the Annuaire did not answer in time");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return DeclarationOutcome.Success;
            }

            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            var error = response.StatusCode switch
            {
                HttpStatusCode.NotFound => $"{status}: the Annuaire has no {MailboxFhir.ResourceType(publication.Type)} with identifier {system}|{value}",
                HttpStatusCode.PreconditionFailed => $"{status}: several {MailboxFhir.ResourceType(publication.Type)} resources have identifier {system}|{value}",
                _ => $"{status}: {response.ReasonPhrase}",
            };
            return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
                ? DeclarationOutcome.Refused(error)
                : DeclarationOutcome.Retry(error);
        }
    }
}
