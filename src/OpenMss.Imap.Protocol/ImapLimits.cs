namespace OpenMss.Imap.Protocol;

/// <summary>Bounds of one request (DESIGN.md §4): every line, literal, nesting and count is capped.</summary>
public sealed record ImapLimits
{
    /// <summary>One line of a command (between literals).</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>A literal in any command but APPEND.</summary>
    public int MaxLiteral { get; init; } = 64 * 1024;

    /// <summary>The message literal of APPEND.</summary>
    public long MaxAppendLiteral { get; init; } = 50L * 1024 * 1024;

    /// <summary>Non-synchronising literals (LITERAL+) above this are refused, as LITERAL- would (RFC 7888).</summary>
    public int MaxLiterals { get; init; } = 64;

    /// <summary>Nesting of parentheses (search keys, lists).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Command text of one request, literals excluded.</summary>
    public int MaxRequestText { get; init; } = 256 * 1024;
}
