using OpenMss.Operator.Whitelist;

namespace OpenMss.Operator.Submission;

/// <summary>
/// Which domains belong to the MSSanté trust space, beyond the operator's own. Once a whitelist is in force (spec
/// §10), it alone says so; before, the configured entries do: exact domains and ".suffix" entries (configuration
/// <c>Submission:TrustSpace</c>, default ".mssante.fr").
/// </summary>
public sealed class TrustSpace(IEnumerable<string> entries, TrustedPeers? whitelist = null)
{
    private readonly string[] _entries = [.. entries.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0)];

    /// <summary>Before any whitelist, the production trust space's domains.</summary>
    public static IReadOnlyList<string> DefaultEntries { get; } = [".mssante.fr"];

    public bool Contains(string domain)
    {
        var name = domain.ToLowerInvariant();
        if (whitelist is { Loaded: true })
        {
            return whitelist.Lists(name);
        }

        return _entries.Any(e => e.StartsWith('.') ? name.EndsWith(e, StringComparison.Ordinal) || name == e[1..] : name == e);
    }
}
