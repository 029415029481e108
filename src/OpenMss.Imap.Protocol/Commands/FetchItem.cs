namespace OpenMss.Imap.Protocol.Commands;

/// <summary>A FETCH data item (RFC 3501 §6.4.5).</summary>
public abstract record FetchItem;

/// <summary>FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY, BODYSTRUCTURE, UID, RFC822, RFC822.HEADER, RFC822.TEXT.</summary>
public sealed record FetchAttribute(FetchAttributeName Name) : FetchItem
{
    /// <summary>The name as responses write it.</summary>
    public string Text => ImapNames.Text(Name);
}

public enum SectionText
{
    /// <summary>BODY[] or BODY[1.2]: the whole part.</summary>
    All,
    Header,
    HeaderFields,
    HeaderFieldsNot,
    Text,
    Mime,
}

/// <summary>BODY[section]&lt;partial&gt; or BODY.PEEK[...]: part path, what of it, header field names, and the octet range.</summary>
public sealed record FetchSection(bool Peek, IReadOnlyList<int> Part, SectionText Text, IReadOnlyList<string> Fields, long? PartialStart, long? PartialLength) : FetchItem
{
    public bool Equals(FetchSection? other) =>
        other is not null && Peek == other.Peek && Text == other.Text && PartialStart == other.PartialStart && PartialLength == other.PartialLength
        && Part.SequenceEqual(other.Part) && Fields.SequenceEqual(other.Fields, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Peek, Text, Part.Count, PartialStart);

    /// <summary>How the response names it: the section as asked, the partial only by its start (RFC 3501 §7.4.2).</summary>
    public string ResponseName
    {
        get
        {
            var path = string.Join('.', Part);
            var text = Text switch
            {
                SectionText.Header => "HEADER",
                SectionText.HeaderFields => $"HEADER.FIELDS ({string.Join(' ', Fields)})",
                SectionText.HeaderFieldsNot => $"HEADER.FIELDS.NOT ({string.Join(' ', Fields)})",
                SectionText.Text => "TEXT",
                SectionText.Mime => "MIME",
                _ => "",
            };
            var section = path.Length > 0 && text.Length > 0 ? $"{path}.{text}" : path + text;
            return $"BODY[{section}]" + (PartialStart is { } start ? $"<{start}>" : "");
        }
    }
}

/// <summary>
/// BINARY[part]&lt;partial&gt;, BINARY.PEEK[part]&lt;partial&gt; or BINARY.SIZE[part] (RFC 3516 §4.2): a part's content with its
/// transfer encoding undone, or the size of that content.
/// </summary>
public sealed record FetchBinary(bool Peek, bool SizeOnly, IReadOnlyList<int> Part, long? PartialStart, long? PartialLength) : FetchItem
{
    public bool Equals(FetchBinary? other) =>
        other is not null && Peek == other.Peek && SizeOnly == other.SizeOnly && PartialStart == other.PartialStart && PartialLength == other.PartialLength && Part.SequenceEqual(other.Part);

    public override int GetHashCode() => HashCode.Combine(Peek, SizeOnly, Part.Count, PartialStart);

    /// <summary>How the response names it: BINARY.PEEK answers as BINARY, the partial by its start (RFC 3516 §4.2).</summary>
    public string ResponseName => (SizeOnly ? "BINARY.SIZE[" : "BINARY[") + string.Join('.', Part) + "]" + (PartialStart is { } start ? $"<{start}>" : "");
}
