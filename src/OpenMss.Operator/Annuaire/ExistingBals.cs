using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace OpenMss.Operator.Annuaire;

/// <summary>
/// The BALs the Annuaire already lists for a professional (MSS 17): a FHIR search of Practitioner by IdNat, its
/// MSSANTE telecoms. Null when the Annuaire cannot be asked: creating a BAL does not wait on it.
/// </summary>
public sealed class ExistingBals(HttpClient http, Uri baseAddress, string? apiKey)
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir();

    public async Task<IReadOnlyList<string>?> FindAsync(string idNat, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, new Uri(baseAddress, $"Practitioner?identifier={Uri.EscapeDataString($"{MailboxFhir.IdNatSystem}|{idNat}")}"));
        request.Headers.Accept.ParseAdd("application/fhir+json");
        if (apiKey is { Length: > 0 })
        {
            request.Headers.Add("ESANTE-API-KEY", apiKey);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var bundle = await JsonSerializer.DeserializeAsync<Bundle>(await response.Content.ReadAsStreamAsync(cancellationToken), Fhir, cancellationToken);
            return [.. (bundle?.Entry ?? []).Select(e => e.Resource).OfType<Practitioner>()
                .SelectMany(p => p.Telecom).Where(MailboxFhir.IsMailbox).Select(t => t.Value).OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or DeserializationFailedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
