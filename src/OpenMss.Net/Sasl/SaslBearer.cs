using System.Text;

namespace OpenMss.Net.Sasl;

/// <summary>What a bearer-token mechanism carries: the BAL address and the PSC access token.</summary>
public sealed record SaslBearer(string User, string Token)
{
    /// <summary>
    /// XOAUTH2, the API LPS string (spec §3.4): <c>user=</c>{address}^A<c>auth=Bearer </c>{token}^A^A, base64-decoded.
    /// </summary>
    public static SaslBearer? ParseXOAuth2(ReadOnlySpan<byte> decoded)
    {
        var text = Latin1OrNull(decoded);
        if (text is null || !text.EndsWith("\x01\x01", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = text[..^2].Split('\x01');
        if (fields.Length != 2 || !fields[0].StartsWith("user=", StringComparison.Ordinal))
        {
            return null;
        }

        var user = fields[0]["user=".Length..];
        var token = BearerValue(fields[1]);
        return user.Length > 0 && token is not null ? new SaslBearer(user, token) : null;
    }

    /// <summary>
    /// OAUTHBEARER (RFC 7628 §3.1): a GS2 header <c>n,a=</c>{authzid}<c>,</c> then ^A-separated key=value pairs with
    /// <c>auth=Bearer </c>{token}, ending ^A^A. The authzid (with =2C and =3D escapes) names the BAL.
    /// </summary>
    public static SaslBearer? ParseOAuthBearer(ReadOnlySpan<byte> decoded)
    {
        var text = Latin1OrNull(decoded);
        if (text is null || !text.EndsWith("\x01\x01", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = text[..^2].Split('\x01');
        var gs2 = parts[0].Split(',');
        if (gs2.Length != 3 || gs2[0] is not ("n" or "y") || gs2[2].Length != 0 || !gs2[1].StartsWith("a=", StringComparison.Ordinal))
        {
            return null;
        }

        var user = gs2[1][2..].Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
        var token = parts.Skip(1).Select(BearerValue).FirstOrDefault(t => t is not null);
        return user.Length > 0 && token is not null ? new SaslBearer(user, token) : null;
    }

    /// <summary>The error challenge of both mechanisms (spec §13 #14), base64 of a small JSON.</summary>
    public static string ErrorChallenge(string status) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{{\"status\":\"{status}\",\"schemes\":\"bearer\",\"scope\":\"openid scope_all\"}}"));

    private static string? BearerValue(string field) =>
        field.StartsWith("auth=Bearer ", StringComparison.OrdinalIgnoreCase) && field.Length > "auth=Bearer ".Length
            ? field["auth=Bearer ".Length..].Trim()
            : null;

    /// <summary>Tokens and addresses are ASCII; anything with control bytes other than ^A is refused.</summary>
    private static string? Latin1OrNull(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is 0 or >= 0x7F || (b < 0x20 && b != 0x01))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }
}
