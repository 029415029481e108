using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>The ANS whitelist in force, shared by every node: replaced whole, in one transaction.</summary>
public interface IWhitelistStore
{
    /// <summary>Puts <paramref name="entries"/> in force in place of the previous list, atomically.</summary>
    Task ReplaceAsync(IReadOnlyList<WhitelistEntry> entries, WhitelistState state, CancellationToken cancellationToken);

    /// <summary>Where the list in force came from; null before any import.</summary>
    Task<WhitelistState?> StateAsync(CancellationToken cancellationToken);

    /// <summary>Every pair in force, by domain then DN.</summary>
    Task<IReadOnlyList<WhitelistEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The DNs allowed for one domain (ASCII, lower case).</summary>
    Task<IReadOnlyList<string>> FindAsync(string domain, CancellationToken cancellationToken);
}
