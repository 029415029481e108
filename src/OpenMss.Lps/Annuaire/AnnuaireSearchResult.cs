namespace OpenMss.Lps.Annuaire;

/// <summary>
/// What a search found. The Annuaire answers at most 100 entries (spec §7.2): past that <see cref="MustRefine"/> is
/// true and <see cref="Entries"/> holds what came; this is not an error, the user adds a criterion.
/// </summary>
public sealed class AnnuaireSearchResult
{
    /// <summary>What to tell the user when the Annuaire stopped at its limit.</summary>
    public const string RefineMessage = "More than 100 entries match: refine your search (add a first name, a profession or a département).";

    /// <summary>A result of <paramref name="entries"/>, complete unless <paramref name="mustRefine"/>.</summary>
    public AnnuaireSearchResult(IReadOnlyList<AnnuaireEntry> entries, bool mustRefine)
    {
        Entries = entries;
        MustRefine = mustRefine;
    }

    /// <summary>The BALs found (at most the Annuaire's limit).</summary>
    public IReadOnlyList<AnnuaireEntry> Entries { get; }

    /// <summary>True when more BALs match than the Annuaire gives in one answer.</summary>
    public bool MustRefine { get; }

    /// <summary>The sentence to show the user, or null when the result is complete.</summary>
    public string? Advice => MustRefine ? RefineMessage : null;
}
