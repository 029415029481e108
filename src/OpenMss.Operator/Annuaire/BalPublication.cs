using OpenMss.Storage.Model;

namespace OpenMss.Operator.Annuaire;

/// <summary>
/// What the Annuaire is told of one BAL: it is listed (with its liste rouge flag, which the Annuaire honours by never
/// showing it, spec §6.4) or withdrawn (unpublished for inactivity or by an administrator, deleted, or gone).
/// </summary>
public sealed record BalPublication(string Address, BalType Type, string Holder, bool Listed, bool ListeRouge)
{
    /// <summary>The declaration of a BAL as the store has it now; a BAL no longer there is withdrawn.</summary>
    public static BalPublication Of(AnnuaireDeclaration row, Bal? current) =>
        current is null
            ? new BalPublication(row.Address, row.Type, row.Holder, Listed: false, ListeRouge: false)
            : new BalPublication(current.Address, current.Type, current.Holder, current.Status == BalStatus.Active, current.ListeRouge);
}
