namespace OpenMss.Mime.Headers;

/// <summary>A Content-Disposition (RFC 2183): inline or attachment, with parameters such as filename.</summary>
public sealed class ContentDisposition(string disposition, ParameterList parameters)
{
    /// <summary>Lower case, as written (usually "inline" or "attachment").</summary>
    public string Disposition { get; } = disposition;

    public ParameterList Parameters { get; } = parameters;

    public string? FileName => Parameters["filename"];

    public static ContentDisposition? Parse(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var disposition = Words.Lower((semicolon < 0 ? value.AsSpan() : value.AsSpan(0, semicolon)).Trim());
        if (disposition.Length == 0 && semicolon < 0)
        {
            return null;
        }

        return new ContentDisposition(disposition, semicolon < 0 ? ParameterList.Empty : ParameterParser.Parse(value.AsSpan(semicolon + 1)));
    }
}
