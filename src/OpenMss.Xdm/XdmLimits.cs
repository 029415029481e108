namespace OpenMss.Xdm;

/// <summary>Bounds of an archive read (DESIGN §4: every archive reader is bounded); the defaults fit MSSanté's 25 MB messages many times over.</summary>
public sealed record XdmLimits
{
    public int MaxEntries { get; init; } = 500;

    public long MaxEntryBytes { get; init; } = 64L * 1024 * 1024;

    public long MaxTotalBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Uncompressed over compressed size above which an entry of more than 1 MB is a zip bomb.</summary>
    public int MaxRatio { get; init; } = 200;
}
