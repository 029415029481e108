namespace OpenMss.Operator.Submission;

/// <summary>
/// Which domains belong to the MSSanté trust space, beyond the operator's own: exact domains and ".suffix" entries
/// (configuration <c>Submission:TrustSpace</c>, default ".mssante.fr"). ANS's whitelist (spec §10) feeds it when the
/// inter-operator MTA arrives.
/// </summary>
public sealed class TrustSpace(IEnumerable<string> entries)
{
    private readonly string[] _entries = [.. entries.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0)];

    public static TrustSpace Default { get; } = new([".mssante.fr"]);

    public bool Contains(string domain)
    {
        var name = domain.ToLowerInvariant();
        return _entries.Any(e => e.StartsWith('.') ? name.EndsWith(e, StringComparison.Ordinal) || name == e[1..] : name == e);
    }
}
