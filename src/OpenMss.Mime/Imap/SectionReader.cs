using System.Text;
using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Imap;

/// <summary>
/// Serves BODY[section] by slicing the stored bytes (only HEADER.FIELDS builds new bytes). Part numbers follow
/// RFC 3501 §6.4.5: a non-multipart entity has a part 1 (its own body); a message/rfc822 part's subparts are those
/// of the message it carries.
/// </summary>
public static class SectionReader
{
    /// <summary>The bytes of a section, or null when the path names no part.</summary>
    public static ReadOnlyMemory<byte>? Read(MimeMessage message, BodySection section)
    {
        if (Resolve(message.Root, section.Path) is not { } part)
        {
            return null;
        }

        // HEADER, TEXT and HEADER.FIELDS of a part apply to the message a message/rfc822 part carries.
        var target = section.Path.Count == 0 ? part : part.Message;
        return section.Kind switch
        {
            SectionKind.Whole => section.Path.Count == 0 ? message.Bytes : part.BodyBytes,
            SectionKind.Mime => section.Path.Count == 0 ? null : part.HeaderBytes,
            SectionKind.Header => target?.HeaderBytes,
            SectionKind.Text => target?.BodyBytes,
            SectionKind.HeaderFields => target is null ? null : Fields(target.Headers, section.Fields ?? [], include: true),
            SectionKind.HeaderFieldsNot => target is null ? null : Fields(target.Headers, section.Fields ?? [], include: false),
            _ => null,
        };
    }

    /// <summary>Applies a partial fetch &lt;start.count&gt; (an origin past the end gives nothing).</summary>
    public static ReadOnlyMemory<byte> Partial(ReadOnlyMemory<byte> bytes, long start, long count) =>
        start >= bytes.Length ? ReadOnlyMemory<byte>.Empty : bytes.Slice((int)start, (int)Math.Min(count, bytes.Length - start));

    /// <summary>The entity a part path names; the empty path names the message itself.</summary>
    public static MimeEntity? Resolve(MimeEntity root, IReadOnlyList<int> path) => PartPath.Resolve(root, path, e => e.Parts, e => e.Message);

    private static ReadOnlyMemory<byte> Fields(HeaderList headers, IReadOnlyList<string> names, bool include)
    {
        var output = new List<byte>();
        foreach (var header in headers)
        {
            if (names.Any(header.Is) == include)
            {
                output.AddRange(header.RawField.Span);
                if (header.RawField.Span is not [.., (byte)'\n'])
                {
                    output.AddRange("\r\n"u8);
                }
            }
        }

        output.AddRange("\r\n"u8);
        return output.ToArray();
    }
}
