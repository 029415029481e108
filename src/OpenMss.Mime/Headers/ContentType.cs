namespace OpenMss.Mime.Headers;

/// <summary>A Content-Type: media type and subtype (lower case) and parameters (RFC 2045 §5).</summary>
public sealed class ContentType
{
    /// <summary>RFC 2045 §5.2: what a part without (or with an unusable) Content-Type is.</summary>
    public static readonly ContentType Default = new("text", "plain", new ParameterList([new Parameter("charset", "us-ascii")]));

    /// <summary>RFC 2046 §5.1.5: the default inside multipart/digest.</summary>
    public static readonly ContentType DigestDefault = new("message", "rfc822", ParameterList.Empty);

    public ContentType(string type, string subtype, ParameterList parameters)
    {
        Type = type;
        Subtype = subtype;
        Parameters = parameters;
    }

    public string Type { get; }

    public string Subtype { get; }

    public string MediaType => $"{Type}/{Subtype}";

    public ParameterList Parameters { get; }

    public string? Charset => Parameters["charset"];

    public string? Boundary => Parameters["boundary"]?.TrimEnd();

    public string? Name => Parameters["name"];

    public bool IsMultipart => Type == "multipart";

    public bool IsText => Type == "text";

    public bool IsMessage => Type == "message" && Subtype is "rfc822" or "global";

    /// <summary>Parses an unfolded field value; null when it has no usable type/subtype.</summary>
    public static ContentType? Parse(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? value.AsSpan() : value.AsSpan(0, semicolon)).Trim();
        var slash = media.IndexOf('/');
        if (slash <= 0 || slash == media.Length - 1 || media[(slash + 1)..].Contains('/'))
        {
            return null;
        }

        var typeSpan = media[..slash].Trim();
        var subtypeSpan = media[(slash + 1)..].Trim();
        if (typeSpan.IsEmpty || subtypeSpan.IsEmpty || typeSpan.ContainsAny(" \t") || subtypeSpan.ContainsAny(" \t"))
        {
            return null;
        }

        var parameters = semicolon < 0 ? ParameterList.Empty : ParameterParser.Parse(value.AsSpan(semicolon + 1));
        return new ContentType(Words.Lower(typeSpan), Words.Lower(subtypeSpan), parameters);
    }

    public override string ToString() => MediaType;
}
