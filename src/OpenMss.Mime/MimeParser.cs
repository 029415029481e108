using OpenMss.Mime.Headers;

namespace OpenMss.Mime;

/// <summary>
/// Parses a message held in memory into a tree of entities over its bytes. No I/O, no copies of content, never
/// throws on malformed input: it yields the best structure it can and records the repairs. Time and memory are
/// linear in the message size and bounded by <see cref="MimeLimits"/>.
/// </summary>
public static class MimeParser
{
    public static MimeMessage Parse(ReadOnlyMemory<byte> message, MimeLimits? limits = null)
    {
        limits ??= MimeLimits.Default;
        var state = new State(message, limits);
        var root = state.ParseEntity(0, message.Length, depth: 0, inDigest: false, topLevel: true);
        return new MimeMessage(message, root, state.Repairs.Items, state.Repairs.Dropped);
    }

    private sealed class State(ReadOnlyMemory<byte> message, MimeLimits limits)
    {
        private int _parts = 1;

        public RepairLog Repairs { get; } = new(limits.MaxRepairs);

        public MimeEntity ParseEntity(int start, int end, int depth, bool inDigest, bool topLevel = false)
        {
            var (headers, bodyStart) = HeaderReader.Read(message, start, end, limits, Repairs, topLevel);
            var entity = new MimeEntity(message, start, bodyStart, end, headers, inDigest);
            var type = entity.ContentType;
            if (type.IsMultipart)
            {
                if (depth >= limits.MaxDepth)
                {
                    Repairs.Add(start, RepairKind.TooDeep, $"Nesting deeper than {limits.MaxDepth}: this multipart was left whole.");
                }
                else if (type.Boundary is not { Length: > 0 } boundary)
                {
                    Repairs.Add(start, RepairKind.MissingBoundaryParameter, "A multipart without a boundary parameter was read as one part.");
                }
                else
                {
                    SplitMultipart(entity, boundary, depth, type.Subtype == "digest");
                }
            }
            else if (type.IsMessage && bodyStart < end)
            {
                if (depth >= limits.MaxDepth)
                {
                    Repairs.Add(start, RepairKind.TooDeep, $"Nesting deeper than {limits.MaxDepth}: this message part was left whole.");
                }
                else if (entity.TransferEncoding is not ("7bit" or "8bit" or "binary"))
                {
                    Repairs.Add(start, RepairKind.EncodedMessagePart, "A message/rfc822 part with a transfer encoding was left whole (RFC 2046 §5.2.1 forbids it).");
                }
                else if (TakePart(start))
                {
                    entity.Message = ParseEntity(bodyStart, end, depth + 1, inDigest: false);
                }
            }

            return entity;
        }

        private bool TakePart(int offset)
        {
            if (_parts >= limits.MaxParts)
            {
                Repairs.Add(offset, RepairKind.TooManyParts, $"More than {limits.MaxParts} parts: the rest were left whole.");
                return false;
            }

            _parts++;
            return true;
        }

        /// <summary>
        /// Finds the delimiter lines of <paramref name="boundary"/> (RFC 2046 §5.1.1: "--" boundary, optionally "--",
        /// then only blanks up to the line break) and parses what lies between them. The line break before a
        /// delimiter belongs to the delimiter.
        /// </summary>
        private void SplitMultipart(MimeEntity entity, string boundary, int depth, bool digest)
        {
            var span = message.Span;
            Span<byte> marker = stackalloc byte[Math.Min(boundary.Length, 1000) + 2];
            marker[0] = (byte)'-';
            marker[1] = (byte)'-';
            for (var i = 0; i < marker.Length - 2; i++)
            {
                marker[i + 2] = (byte)Math.Min((int)boundary[i], 255);
            }

            var parts = new List<MimeEntity>();
            var position = entity.BodyStart;
            var end = entity.End;
            int partStart = -1;
            var closed = false;
            var firstDelimiter = -1;
            while (position < end)
            {
                var found = FindDelimiter(span, marker, position, end, out var isClose, out var lineEnd);
                if (found < 0)
                {
                    break;
                }

                var contentEnd = BeforeLineBreak(span, found, entity.BodyStart);
                if (partStart < 0)
                {
                    firstDelimiter = found;
                    entity.Preamble = message[entity.BodyStart..Math.Max(entity.BodyStart, contentEnd)];
                }
                else if (TakePart(partStart))
                {
                    parts.Add(ParseEntity(partStart, Math.Max(partStart, contentEnd), depth + 1, digest));
                }
                else
                {
                    break;
                }

                partStart = lineEnd;
                position = lineEnd;
                if (isClose)
                {
                    closed = true;
                    entity.Epilogue = message[lineEnd..end];
                    break;
                }
            }

            if (firstDelimiter < 0)
            {
                Repairs.Add(entity.BodyStart, RepairKind.NoBoundaryFound, "A multipart whose boundary never appears was read as one part.");
                return;
            }

            if (!closed)
            {
                Repairs.Add(end, RepairKind.MissingFinalBoundary, "A multipart ended without its closing boundary.");
                if (partStart >= 0 && partStart <= end && _parts < limits.MaxParts)
                {
                    // The last line break goes to the missing delimiter, as it would to a present one.
                    _parts++;
                    parts.Add(ParseEntity(partStart, Math.Max(partStart, BeforeLineBreak(span, end, partStart)), depth + 1, digest));
                }
            }

            entity.Parts = parts;
        }

        /// <returns>The offset of the next delimiter line, or -1.</returns>
        private static int FindDelimiter(ReadOnlySpan<byte> span, ReadOnlySpan<byte> marker, int position, int end, out bool isClose, out int lineEnd)
        {
            isClose = false;
            lineEnd = end;
            while (position < end)
            {
                var index = span[position..end].IndexOf(marker);
                if (index < 0)
                {
                    return -1;
                }

                var candidate = position + index;
                position = candidate + 1;
                if (candidate > 0 && span[candidate - 1] != (byte)'\n' && candidate != 0)
                {
                    continue; // not at the start of a line
                }

                var after = candidate + marker.Length;
                var close = after + 1 < end && span[after] == (byte)'-' && span[after + 1] == (byte)'-';
                var rest = close ? after + 2 : after;
                var lineBreak = span[rest..end].IndexOf((byte)'\n');
                var lineRest = lineBreak < 0 ? span[rest..end] : span[rest..(rest + lineBreak)];
                if (lineRest.TrimEnd((byte)'\r').Trim(" \t"u8).Length != 0)
                {
                    continue; // "--boundaryX": another boundary that starts the same
                }

                isClose = close;
                lineEnd = lineBreak < 0 ? end : rest + lineBreak + 1;
                return candidate;
            }

            return -1;
        }

        /// <summary>Where content ends before a delimiter line: the CRLF (or LF) before it is the delimiter's.</summary>
        private static int BeforeLineBreak(ReadOnlySpan<byte> span, int delimiter, int floor)
        {
            var end = delimiter;
            if (end > floor && span[end - 1] == (byte)'\n')
            {
                end--;
                if (end > floor && span[end - 1] == (byte)'\r')
                {
                    end--;
                }
            }

            return end;
        }
    }
}
