namespace OpenMss.Storage.Model;

/// <summary>One pair of the ANS whitelist: a domain and a subject DN allowed to carry its mail (spec §10).</summary>
public sealed record WhitelistEntry(string Domain, string Dn);

/// <summary>Where the whitelist in force came from and when.</summary>
/// <param name="Sha256">The file's SHA-256, hexadecimal.</param>
/// <param name="Source">The file path or URL it was imported from.</param>
public sealed record WhitelistState(DateTimeOffset? GeneratedAt, DateTimeOffset ImportedAt, string Sha256, string Source, int Domains);
