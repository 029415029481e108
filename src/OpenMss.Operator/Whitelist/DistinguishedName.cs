using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Operator.Whitelist;

/// <summary>
/// A subject DN in a form that compares: its attributes as (OID, value) pairs, values trimmed and compared without
/// case, order ignored. ANS writes DNs most-specific first (<c>CN=…,OU=…,O=…,ST=…,C=FR</c>) while certificates
/// encode them the other way round, so position cannot count.
/// </summary>
public sealed class DistinguishedName : IEquatable<DistinguishedName>
{
    private readonly string _key;

    private DistinguishedName(IEnumerable<(string Oid, string Value)> attributes)
    {
        _key = string.Join("\n", attributes.Select(a => a.Oid + "=" + a.Value.Trim().ToUpperInvariant()).Order(StringComparer.Ordinal));
    }

    public static DistinguishedName Of(X500DistinguishedName name) => new(Attributes(name));

    /// <summary>Parses a DN as written in the whitelist; null when it is not one.</summary>
    public static DistinguishedName? Parse(string text)
    {
        try
        {
            return Of(new X500DistinguishedName(text, X500DistinguishedNameFlags.UseCommas));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static IEnumerable<(string, string)> Attributes(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames().Select(rdn => (rdn.GetSingleElementType().Value ?? "", rdn.GetSingleElementValue() ?? ""));

    public bool Equals(DistinguishedName? other) => other is not null && _key == other._key;

    public override bool Equals(object? obj) => Equals(obj as DistinguishedName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_key);
}
