using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Structure;

/// <summary>
/// An entity's structure as mail clients describe it, protocol-neutral: media type and parameters, content id,
/// description, transfer encoding, size and lines of the body, MD5, disposition, languages, location; the parts of
/// a multipart, or the envelope and structure of the message a message/rfc822 part carries.
/// </summary>
/// <param name="DefaultType">No Content-Type field: text/plain; charset=us-ascii by RFC 2045 §5.2.</param>
/// <param name="Lines">Lines of the body as stored (counted for text and message/rfc822 parts).</param>
public sealed record EntityStructure(
    string Type,
    string Subtype,
    IReadOnlyList<Parameter> Parameters,
    bool DefaultType,
    string? Id,
    string? Description,
    string Encoding,
    long Size,
    long Lines,
    string? Md5,
    string? Disposition,
    IReadOnlyList<Parameter> DispositionParameters,
    IReadOnlyList<string> Languages,
    string? Location,
    IReadOnlyList<EntityStructure> Parts,
    EnvelopeFields? MessageEnvelope,
    EntityStructure? MessageBody)
{
    public bool IsMultipart => Parts.Count > 0;

    /// <summary>Type words are lower case once parsed (<see cref="ContentType"/>).</summary>
    public bool IsText => Type == "text";

    /// <summary>The structure of an entity and everything below it.</summary>
    public static EntityStructure Of(MimeEntity entity)
    {
        var type = entity.ContentType;
        var disposition = entity.ContentDisposition is { Disposition.Length: > 0 } d ? d : null;
        var carried = !entity.IsMultipart && type.IsMessage ? entity.Message : null;
        return new EntityStructure(
            type.Type,
            type.Subtype,
            type.Parameters,
            ReferenceEquals(type, ContentType.Default),
            entity.Headers["Content-ID"]?.Unfolded,
            entity.Headers["Content-Description"]?.Unfolded,
            entity.TransferEncoding,
            entity.BodyBytes.Length,
            entity.Lines,
            entity.Headers["Content-MD5"]?.Unfolded,
            disposition?.Disposition,
            disposition?.Parameters ?? (IReadOnlyList<Parameter>)[],
            LanguagesOf(entity),
            entity.Headers["Content-Location"]?.Unfolded,
            entity.IsMultipart ? [.. entity.Parts.Select(Of)] : [],
            carried is null ? null : EnvelopeFields.Of(carried.Headers),
            carried is null ? null : Of(carried));
    }

    private static string[] LanguagesOf(MimeEntity entity) =>
        entity.Headers["Content-Language"]?.Unfolded is { Length: > 0 } value ? value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries) : [];
}
