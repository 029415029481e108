using Microsoft.Extensions.Configuration;

namespace OpenMss.Operator.Quota;

/// <summary>
/// The operator's default quota of a BAL (<c>Quota:</c> settings), which an administrator may change for one BAL
/// (<c>openmss bal quota</c>). BALs are not long-term storage (spec §1: LPS delete what they processed); the
/// defaults leave a busy BAL weeks of mail. 0 is no limit.
/// </summary>
public sealed record QuotaOptions
{
    /// <summary>Octets per BAL, in mebibytes (RFC 9208 STORAGE).</summary>
    public long StorageMiB { get; init; } = 2048;

    /// <summary>Messages per BAL (RFC 9208 MESSAGE).</summary>
    public long Messages { get; init; } = 200_000;

    public static QuotaOptions From(IConfiguration configuration) =>
        configuration.GetSection("Quota").Get<QuotaOptions>() is { } options && options.StorageMiB >= 0 && options.Messages >= 0
            ? options
            : configuration.GetSection("Quota").Exists() ? throw new InvalidOperationException("Quota:StorageMiB and Quota:Messages are 0 (no limit) or more.") : new QuotaOptions();
}
