using System.Security.Cryptography.X509Certificates;
using OpenMss.Storage;

namespace OpenMss.Operator.Whitelist;

/// <summary>
/// The whitelist in force, in memory, for the MTA's every connection: which domains are in the trust space and which
/// certificate DNs may carry each one's mail. Reloaded from the store when another node or the CLI imported a new
/// list (its SHA-256 changed).
/// </summary>
public sealed class TrustedPeers(IMailStore store)
{
    private volatile Snapshot _current = Snapshot.Empty;

    /// <summary>True once a whitelist is in force: until then the configured trust space alone says which domains are in it.</summary>
    public bool Loaded => _current.Sha256 is not null;

    public string? Sha256 => _current.Sha256;

    public bool Lists(string domain) => Key(domain) is { } key && _current.Domains.ContainsKey(key);

    /// <summary>Whether <paramref name="certificate"/>'s subject is one of the DNs listed for <paramref name="domain"/>.</summary>
    public bool Allows(string domain, X509Certificate2 certificate) =>
        Key(domain) is { } key && _current.Domains.TryGetValue(key, out var allowed) && allowed.Contains(DistinguishedName.Of(certificate.SubjectName));

    /// <summary>The whitelist keeps names in their ASCII form (IDNA), as the reader wrote them.</summary>
    private static string? Key(string domain) => Identifiers.DomainName.NormalizeIdn(domain);

    /// <summary>Whether the subject is listed for any domain: a known operator MTA (for null-sender reports).</summary>
    public bool AllowsAny(X509Certificate2 certificate) => _current.AnyDn.Contains(DistinguishedName.Of(certificate.SubjectName));

    /// <summary>Reads the store's list when it differs from the one in memory.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var state = await store.Whitelist.StateAsync(cancellationToken);
        if (state is null || state.Sha256 == _current.Sha256)
        {
            return;
        }

        var domains = new Dictionary<string, HashSet<DistinguishedName>>(StringComparer.Ordinal);
        foreach (var entry in await store.Whitelist.ListAsync(cancellationToken))
        {
            if (DistinguishedName.Parse(entry.Dn) is { } dn)
            {
                (domains.TryGetValue(entry.Domain, out var set) ? set : domains[entry.Domain] = []).Add(dn);
            }
        }

        _current = new Snapshot(state.Sha256, domains, [.. domains.Values.SelectMany(d => d)]);
    }

    private sealed record Snapshot(string? Sha256, Dictionary<string, HashSet<DistinguishedName>> Domains, HashSet<DistinguishedName> AnyDn)
    {
        public static readonly Snapshot Empty = new(null, [], []);
    }
}
