using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>Takes SASL initial responses apart for the judges, keeping nothing secret: a token becomes a fingerprint, a password a length.</summary>
public static partial class SaslPayloads
{
    /// <summary>MSSANTE.md §3.4: exactly <c>user=ADDRESS^Aauth=Bearer TOKEN^A^A</c>, nothing before, between or after.</summary>
    [GeneratedRegex("^user=([^\u0001]+)\u0001auth=Bearer ([^\u0001 ]+)\u0001\u0001$", RegexOptions.CultureInvariant)]
    private static partial Regex ExactXoauth2();

    [GeneratedRegex("user=([^\u0001]*)", RegexOptions.CultureInvariant)]
    private static partial Regex AnyUser();

    [GeneratedRegex("auth=Bearer ([^\u0001]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AnyToken();

    public static Xoauth2Payload? Xoauth2(string base64)
    {
        var text = Decode(base64);
        if (text is null)
        {
            return new Xoauth2Payload(false, "not base64", null, null, null, null);
        }

        var exact = ExactXoauth2().Match(text);
        var user = exact.Success ? exact.Groups[1].Value : AnyUser().Match(text) is { Success: true } u ? u.Groups[1].Value : null;
        var token = exact.Success ? exact.Groups[2].Value : AnyToken().Match(text) is { Success: true } t ? t.Groups[1].Value : null;
        var (subject, expires, session) = token is null ? (null, null, null) : Claims(token);
        return new Xoauth2Payload(exact.Success, Shape(text, token), user, token is null ? null : Fingerprint(token), subject, expires, session);
    }

    public static PlainPayload? Plain(string base64)
    {
        var text = Decode(base64);
        var parts = text?.Split('\0');
        return parts is { Length: 3 } ? new PlainPayload(parts[0], parts[1], parts[2].Length) : null;
    }

    /// <summary>The first 12 hex digits of the token's SHA-256: enough to tell two tokens apart, useless to replay.</summary>
    public static string Fingerprint(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..12];

    /// <summary>The payload with the token replaced, and the separators made visible: what a transcript may show.</summary>
    private static string Shape(string text, string? token)
    {
        var redacted = token is null ? text : text.Replace(token, $"<token {Fingerprint(token)}>", StringComparison.Ordinal);
        return redacted.Replace("\u0001", "^A", StringComparison.Ordinal);
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The JWT's subject IdNat, expiry and PSC session, read without checking the signature: the operator behind the relay validates the token.</summary>
    private static (string? Subject, DateTimeOffset? Expires, string? Session) Claims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length > 16 * 1024)
        {
            return (null, null, null);
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
            var root = json.RootElement;
            string? subject = null;
            foreach (var name in new[] { "SubjectNameID", "preferred_username", "sub" })
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    subject = value.GetString();
                    break;
                }
            }

            DateTimeOffset? expires = root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            var session = root.TryGetProperty("sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;
            return (subject, expires, session);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return (null, null, null);
        }
    }
}
