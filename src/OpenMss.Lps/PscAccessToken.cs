namespace OpenMss.Lps;

/// <summary>
/// A Pro Santé Connect access token and when it stops being valid. It lives in memory only, for its lifetime
/// (ECO.1.2.5): the SDK never writes it anywhere and never logs it, and <see cref="ToString"/> hides it.
/// </summary>
public sealed class PscAccessToken
{
    /// <summary>Wraps a token obtained from PSC or the editor's intermediate server.</summary>
    public PscAccessToken(string value, DateTimeOffset expiresAt)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("An access token cannot be empty.", nameof(value));
        }

        Value = value;
        ExpiresAt = expiresAt;
    }

    /// <summary>The JWT itself.</summary>
    public string Value { get; }

    /// <summary>Its expiry (PSC: two minutes after issue).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Reads the <c>exp</c> claim of a JWT without trusting it (the operator validates it), for sources that only have the string.</summary>
    public static PscAccessToken FromJwt(string jwt, DateTimeOffset fallbackExpiry)
    {
        var parts = jwt.Split('.');
        if (parts.Length == 3)
        {
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
                var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload));
                var match = System.Text.RegularExpressions.Regex.Match(json, "\"exp\"\\s*:\\s*(\\d{1,12})");
                if (match.Success)
                {
                    return new PscAccessToken(jwt, DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            catch (FormatException)
            {
                // Not a JWT we can read: keep the fallback expiry.
            }
        }

        return new PscAccessToken(jwt, fallbackExpiry);
    }

    /// <inheritdoc/>
    public override string ToString() => "PscAccessToken(hidden)";
}
