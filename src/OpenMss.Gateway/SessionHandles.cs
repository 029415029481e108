using System.Security.Cryptography;

namespace OpenMss.Gateway;

/// <summary>
/// The handle an installation holds: 256 random bits, handed once at pairing and kept by the gateway only as its
/// SHA-256, so neither the store nor its backups give one away. Lookup is by hash, so no comparison of secrets runs.
/// </summary>
public static class SessionHandles
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string handle) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(handle)));

    /// <summary>A session's public name (logs, administration).</summary>
    public static string NewId() => "gs_" + Base64Url(RandomNumberGenerator.GetBytes(12));

    /// <summary>An installation names itself with 1 to 128 letters, digits, '.', '_' or '-'.</summary>
    public static bool IsInstallation(string? value) =>
        value is { Length: > 0 and <= 128 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
