namespace OpenMss.Sandbox.Annuaire;

/// <summary>
/// A person or structure registered in the Annuaire Santé stand-in, with what the extraction and LDAP give of it
/// (spec §7.3): for a professional the IdNat, civility, names, profession and savoir-faire; for a structure its
/// IdNatStruc and raison sociale; for both the address of the place of practice.
/// </summary>
public sealed record AnnuaireHolder(
    string Id,
    bool IsPerson,
    string? Civility,
    string? FamilyName,
    string? GivenName,
    string? ProfessionCode,
    string? Profession,
    string? SavoirFaire,
    string StructureId,
    string StructureName,
    string Street,
    string PostalCode,
    string City,
    string Department)
{
    public string DisplayName => IsPerson ? $"{GivenName} {FamilyName}" : StructureName;
}
