using System.Globalization;

namespace OpenMss.Lps.Autoconfiguration;

/// <summary>A host name and port of one operator front, as an SRV record or the application names it.</summary>
public sealed record ServiceEndpoint(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> (an IPv6 address in brackets).</summary>
    public static ServiceEndpoint Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new FormatException($"'{text}' is not HOST:PORT.");
        }

        var host = text.Substring(0, colon);
        if (host.StartsWith("[", StringComparison.Ordinal) && host.EndsWith("]", StringComparison.Ordinal))
        {
            host = host.Substring(1, host.Length - 2);
        }

        return new ServiceEndpoint(host, port);
    }

    /// <inheritdoc/>
    public override string ToString() => (Host.Contains(":") ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
