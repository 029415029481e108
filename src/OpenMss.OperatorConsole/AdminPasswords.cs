using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenMss.OperatorConsole;

/// <summary>
/// Console administrators' passwords, kept as PBKDF2-HMAC-SHA256 hashes (<c>pbkdf2-sha256$iterations$salt$hash</c>,
/// base64): OWASP's 600,000 iterations, a 16-byte random salt. Checked in constant time.
/// </summary>
public static class AdminPasswords
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> matches; false for a wrong password or a hash we cannot read.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 10_000 or > 10_000_000)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A well-formed hash, to say at start-up which configured administrator has none.</summary>
    public static bool IsHash(string value) => value.StartsWith(Scheme + "$", StringComparison.Ordinal) && value.Split('$').Length == 4;
}
