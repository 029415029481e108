using OpenMss.Storage.Model;

namespace OpenMss.Operator.Administration;

/// <summary>A created BAL, and the other BALs the Annuaire lists in its holder's name (MSS 17), of which he was told.</summary>
public sealed record BalCreation(Bal Bal, IReadOnlyList<string> OtherBals);
