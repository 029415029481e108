namespace OpenMss.Mime;

/// <summary>
/// Bounds on what one message may make the parser do. Past a bound the parser stops splitting and records a
/// repair; it never throws, and its memory and time stay proportional to the message size.
/// </summary>
public sealed record MimeLimits
{
    public static readonly MimeLimits Default = new();

    /// <summary>Nesting of multiparts and message/rfc822 parts; deeper content stays an opaque leaf.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Parts in the whole message; later parts stay inside the last one parsed.</summary>
    public int MaxParts { get; init; } = 10_000;

    /// <summary>Header fields kept per entity; the rest are skipped (and reported).</summary>
    public int MaxHeaders { get; init; } = 1_000;

    /// <summary>Bytes of one header block; past it the remaining fields are skipped.</summary>
    public int MaxHeaderBytes { get; init; } = 1024 * 1024;

    /// <summary>RFC 5322 §2.1.1: longer lines are accepted and reported once per entity.</summary>
    public int MaxLineLength { get; init; } = 998;

    /// <summary>Repairs recorded per message; more are counted but not kept.</summary>
    public int MaxRepairs { get; init; } = 100;
}
