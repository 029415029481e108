namespace OpenMss.Mime.Imap;

/// <summary>What a section names (RFC 3501 §6.4.5): the whole entity, its header, text, MIME header, or fields.</summary>
public enum SectionKind
{
    /// <summary>BODY[] or BODY[1.2]: the whole message, or the body of a part.</summary>
    Whole,
    Header,
    Text,
    Mime,
    HeaderFields,
    HeaderFieldsNot,
}

/// <summary>A section of BODY[section]: a part path (1-based, empty for the message) and what of it.</summary>
public sealed record BodySection(IReadOnlyList<int> Path, SectionKind Kind, IReadOnlyList<string>? Fields = null)
{
    public static readonly BodySection WholeMessage = new([], SectionKind.Whole);
}
