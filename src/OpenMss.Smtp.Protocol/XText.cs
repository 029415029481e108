using System.Text;

namespace OpenMss.Smtp.Protocol;

/// <summary>RFC 3461 §4 xtext: printable ASCII but "+" and "=", with "+HH" standing for any octet.</summary>
public static class XText
{
    /// <summary>RFC 3461 §4.4: ENVID is at most 100 characters.</summary>
    public const int MaxEnvId = 100;

    /// <summary>RFC 3461 §4.2: the ORCPT address is at most 500 characters.</summary>
    public const int MaxOrcpt = 500;

    /// <returns>The decoded text, or null when <paramref name="value"/> is not xtext.</returns>
    public static string? Decode(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '+')
            {
                if (i + 2 >= value.Length || !Uri.IsHexDigit(value[i + 1]) || !Uri.IsHexDigit(value[i + 2]))
                {
                    return null;
                }

                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c is < '!' or > '~' or '=')
            {
                return null;
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        // The octets are UTF-8 when they came from an SMTPUTF8 address (RFC 6533 §3); others decode the same in ASCII.
        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Encodes text as xtext: "+", "=" and anything outside printable ASCII as "+HH".</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is < (byte)'!' or > (byte)'~' or (byte)'+' or (byte)'=')
            {
                builder.Append('+').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }
}
