namespace OpenMss.Sandbox.Annuaire;

/// <summary>A BAL an operator declared on a holder, as the stand-in keeps it.</summary>
public sealed record DeclaredBal(string Address, string Type, string HolderId, bool ListeRouge);

/// <summary>A BAL the Annuaire may show (not on the liste rouge), with its holder's reference data.</summary>
public sealed record PublishedBal(string Address, string Type, AnnuaireHolder Holder);
