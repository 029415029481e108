namespace OpenMss.Mime.Headers;

/// <summary>Lower-cases the common words of structured fields without allocating (media types, parameter names).</summary>
internal static class Words
{
    private static readonly string[] Common =
    [
        "text", "plain", "html", "multipart", "mixed", "alternative", "related", "report", "digest", "signed",
        "application", "pdf", "zip", "octet-stream", "xml", "image", "png", "jpeg", "gif", "message", "rfc822",
        "delivery-status", "disposition-notification", "charset", "boundary", "name", "filename", "format", "type",
        "size", "creation-date", "modification-date", "report-type", "protocol", "micalg", "attachment", "inline",
    ];

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Common.ToDictionary(w => w, w => w, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Lower(ReadOnlySpan<char> word) =>
        Lookup.TryGetValue(word, out var known) ? known : word.ToString().ToLowerInvariant();
}
