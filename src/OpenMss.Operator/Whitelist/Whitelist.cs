namespace OpenMss.Operator.Whitelist;

/// <summary>
/// The ANS whitelist (liste blanche, spec §10) as a relation: each domain of the trust space and the subject DNs of
/// the operator MTA certificates allowed to carry its mail. A domain listed once per allowed certificate, possibly
/// under several operators, has all of them here.
/// </summary>
public sealed record Whitelist(DateTimeOffset? GeneratedAt, IReadOnlyDictionary<string, IReadOnlyList<string>> Domains, string Sha256)
{
    /// <summary>The DNs allowed for <paramref name="domain"/> (ASCII, lower case), none when it is not listed.</summary>
    public IReadOnlyList<string> AllowedDns(string domain) => Domains.TryGetValue(domain, out var dns) ? dns : [];
}
