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
    private const long MaxAnswerBytes = 8 * 1024 * 1024;
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

            // 100 entries are far below this bound: a larger answer is not the Annuaire's, and is not read whole.
            if (response.Content.Headers.ContentLength > MaxAnswerBytes)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var bundle = await JsonSerializer.DeserializeAsync<Bundle>(new BoundedStream(body, MaxAnswerBytes), Fhir, cancellationToken);
            return [.. (bundle?.Entry ?? []).Select(e => e.Resource).OfType<Practitioner>()
                .SelectMany(p => p.Telecom).Where(MailboxFhir.IsMailbox).Select(t => t.Value).OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or DeserializationFailedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
