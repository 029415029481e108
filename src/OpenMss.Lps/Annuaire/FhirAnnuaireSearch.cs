using System.Net.Http;
using System.Text.Json;

namespace OpenMss.Lps.Annuaire;

/// <summary>
/// Searches the Annuaire's FHIR API (spec §7.4: <c>https://gateway.api.esante.gouv.fr/fhir/v2</c>, key in
/// <c>ESANTE-API-KEY</c>): Practitioner by family, given, qualification-code and address-postalcode (the
/// département as a postal-code prefix), keeping their MSSANTE telecoms. A total above the entries returned
/// (100 at most) is <see cref="AnnuaireSearchResult.MustRefine"/>. The Bundle is read with System.Text.Json, so an
/// LPS pulls in no FHIR library.
/// </summary>
public sealed class FhirAnnuaireSearch : IAnnuaireSearch
{
    private const string EmailTypeExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type";
    private const string MetadataExtension = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata";

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string? _apiKey;

    /// <summary>A search of the FHIR API at <paramref name="baseAddress"/>, with the API key when one is needed.</summary>
    public FhirAnnuaireSearch(HttpClient http, Uri baseAddress, string? apiKey = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _base = baseAddress.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _apiKey = apiKey;
    }

    /// <inheritdoc/>
    public async Task<AnnuaireSearchResult> SearchAsync(AnnuaireQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Check();
        var parameters = new List<string> { "_count=100" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parameters.Add($"{name}={Uri.EscapeDataString(value!.Trim())}");
            }
        }

        Add("family", query.Name);
        Add("given", query.GivenName);
        var professionCode = query.Profession is { } profession ? AnnuaireQuery.ProfessionCode(profession) : null;
        Add("qualification-code", professionCode);
        Add("address-postalcode", query.Department);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "Practitioner?" + string.Join("&", parameters)));
        request.Headers.Accept.ParseAdd("application/fhir+json");
        if (_apiKey is { Length: > 0 })
        {
            request.Headers.Add("ESANTE-API-KEY", _apiKey);
        }

        string body;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new AnnuaireUnavailableException($"The Annuaire refused the search ({(int)response.StatusCode} {response.ReasonPhrase}).");
            }

            body = await ReadBoundedAsync(response.Content).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AnnuaireUnavailableException($"The Annuaire at {_base} cannot be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AnnuaireUnavailableException($"The Annuaire at {_base} did not answer in time.", e);
        }

        return Read(body, professionCode is null ? query.Profession : null);
    }

    /// <summary>100 entries are far below this: a larger answer is not the Annuaire's.</summary>
    internal const int MaxAnswerBytes = 8 * 1024 * 1024;

    private static async Task<string> ReadBoundedAsync(HttpContent content)
    {
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw new AnnuaireUnavailableException($"The Annuaire's answer is larger than {MaxAnswerBytes / (1024 * 1024)} MB: it is not a search result.");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a searchset Bundle; a profession the server could not be asked for (no code) is filtered here.</summary>
    /// <exception cref="AnnuaireUnavailableException">The answer is not a FHIR Bundle.</exception>
    internal static AnnuaireSearchResult Read(string json, string? professionLabel)
    {
        try
        {
            return ReadBundle(json, professionLabel);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new AnnuaireUnavailableException("The Annuaire's answer is not a FHIR Bundle.", e);
        }
    }

    private static AnnuaireSearchResult ReadBundle(string json, string? professionLabel)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        var root = document.RootElement;
        var entries = new List<AnnuaireEntry>();
        var resources = 0;
        if (root.TryGetProperty("entry", out var bundleEntries) && bundleEntries.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in bundleEntries.EnumerateArray())
            {
                if (!entry.TryGetProperty("resource", out var resource))
                {
                    continue;
                }

                resources++;
                var family = First(resource, "name", "family");
                var given = FirstOfArray(resource, "name", "given");
                var profession = QualificationDisplay(resource);
                if (professionLabel is not null && (profession is null || profession.IndexOf(professionLabel.Trim(), StringComparison.OrdinalIgnoreCase) < 0))
                {
                    continue;
                }

                var postalCode = First(resource, "address", "postalCode");
                foreach (var (address, type) in Mailboxes(resource))
                {
                    entries.Add(new AnnuaireEntry(address, given is null ? family ?? address : $"{given} {family}")
                    {
                        BalType = type,
                        FamilyName = family,
                        GivenName = given,
                        Profession = profession,
                        PostalCode = postalCode,
                        City = First(resource, "address", "city"),
                        Department = postalCode is { Length: >= 2 } code ? code.Substring(0, 2) : null,
                    });
                }
            }
        }

        var total = root.TryGetProperty("total", out var totalElement) && totalElement.TryGetInt32(out var value) ? value : resources;
        var hasNext = root.TryGetProperty("link", out var links) && links.ValueKind == JsonValueKind.Array
            && links.EnumerateArray().Any(l => l.TryGetProperty("relation", out var relation) && relation.GetString() == "next");
        return new AnnuaireSearchResult(entries, mustRefine: total > resources || hasNext);
    }

    private static IEnumerable<(string Address, string? Type)> Mailboxes(JsonElement resource)
    {
        if (!resource.TryGetProperty("telecom", out var telecoms) || telecoms.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var telecom in telecoms.EnumerateArray())
        {
            if (!telecom.TryGetProperty("value", out var value) || value.GetString() is not { } address || !telecom.TryGetProperty("extension", out var extensions))
            {
                continue;
            }

            string? type = null;
            var mssante = false;
            foreach (var extension in extensions.EnumerateArray())
            {
                var url = extension.TryGetProperty("url", out var u) ? u.GetString() : null;
                if (url == EmailTypeExtension && extension.TryGetProperty("valueCoding", out var coding) && coding.TryGetProperty("code", out var code))
                {
                    mssante = code.GetString() == "MSSANTE";
                }
                else if (url == MetadataExtension && extension.TryGetProperty("extension", out var parts))
                {
                    foreach (var part in parts.EnumerateArray())
                    {
                        if (part.TryGetProperty("url", out var partUrl) && partUrl.GetString() == "type" && part.TryGetProperty("valueCodeableConcept", out var concept)
                            && concept.TryGetProperty("coding", out var codings) && codings.GetArrayLength() > 0 && codings[0].TryGetProperty("code", out var typeCode))
                        {
                            type = typeCode.GetString();
                        }
                    }
                }
            }

            if (mssante && type != "APP")
            {
                yield return (address, type);
            }
        }
    }

    private static string? First(JsonElement resource, string array, string property) =>
        resource.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0
        && items[0].TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FirstOfArray(JsonElement resource, string array, string property) =>
        resource.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0
        && items[0].TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0 ? values[0].GetString() : null;

    /// <summary>The first qualification's coding display, else its text.</summary>
    private static string? QualificationDisplay(JsonElement resource)
    {
        if (!resource.TryGetProperty("qualification", out var qualifications) || qualifications.ValueKind != JsonValueKind.Array || qualifications.GetArrayLength() == 0
            || !qualifications[0].TryGetProperty("code", out var code))
        {
            return null;
        }

        return code.TryGetProperty("coding", out var codings) && codings.GetArrayLength() > 0 && codings[0].TryGetProperty("display", out var display) ? display.GetString()
            : code.TryGetProperty("text", out var text) ? text.GetString()
            : null;
    }
}
