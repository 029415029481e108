using OpenMss.Mime.Imap;

namespace OpenMss.Imap.Server.Views;

/// <summary>
/// Where the bytes of a BODY[section] come from: a range of the stored message, served as it stands, or (for
/// HEADER.FIELDS and HEADER.FIELDS.NOT) a header range to read and filter.
/// </summary>
public readonly record struct SectionSource(long Start, long Length, bool FilterFields)
{
    /// <summary>
    /// The source of a section within a message of <paramref name="size"/> bytes, or null when the path names no part
    /// (the same answers as <see cref="SectionReader.Read"/> gives over the parsed message).
    /// </summary>
    public static SectionSource? Locate(PartLayout root, long size, BodySection section)
    {
        if (root.Resolve(section.Path) is not { } part)
        {
            return null;
        }

        // HEADER, TEXT and HEADER.FIELDS of a part apply to the message a message/rfc822 part carries.
        var target = section.Path.Count == 0 ? part : part.Message;
        return section.Kind switch
        {
            SectionKind.Whole => section.Path.Count == 0 ? new(0, size, false) : Body(part),
            SectionKind.Mime => section.Path.Count == 0 ? new(0, 0, false) : Header(part, false), // the message itself has no MIME header of its own: empty
            SectionKind.Header => target is null ? null : Header(target, false),
            SectionKind.Text => target is null ? null : Body(target),
            // SectionReader answers the fields of no message with no bytes rather than no part.
            SectionKind.HeaderFields or SectionKind.HeaderFieldsNot => target is null ? new(0, 0, false) : Header(target, true),
            _ => null,
        };
    }

    /// <summary>RFC 3501 §6.4.5 partial &lt;start.count&gt; of a range: an origin past its end gives nothing.</summary>
    public SectionSource Partial(long start, long count) =>
        start >= Length ? this with { Start = Start + Length, Length = 0 } : this with { Start = Start + start, Length = Math.Min(count, Length - start) };

    private static SectionSource Body(PartLayout part) => new(part.BodyStart, part.End - part.BodyStart, false);

    private static SectionSource Header(PartLayout part, bool filter) => new(part.HeaderStart, part.BodyStart - part.HeaderStart, filter);
}
