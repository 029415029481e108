namespace OpenMss.Mime;

/// <summary>Something malformed the parser worked around, and where (byte offset in the message).</summary>
public sealed record Repair(long Offset, RepairKind Kind, string Description);

public enum RepairKind
{
    MboxFromLine,
    MissingHeaderSeparator,
    MalformedHeaderLine,
    TooManyHeaders,
    HeaderBlockTooLarge,
    LineTooLong,
    MissingBoundaryParameter,
    NoBoundaryFound,
    MissingFinalBoundary,
    TooDeep,
    TooManyParts,
    EncodedMessagePart,
}
