namespace OpenMss.Lps.Annuaire;

/// <summary>
/// An address-completion search in the Annuaire Santé (ECO 3.1.4): the beginning of a name, a first name, a profession
/// (a label such as « Médecin », or its TRE_G15 code such as 10) and a département (« 75 »), combined. At least one.
/// </summary>
public sealed class AnnuaireQuery
{
    /// <summary>The beginning of the name of exercise (family name, or a structure's name).</summary>
    public string? Name { get; set; }

    /// <summary>The beginning of the first name.</summary>
    public string? GivenName { get; set; }

    /// <summary>A profession label (« Infirmier ») or its TRE_G15 code (« 60 »).</summary>
    public string? Profession { get; set; }

    /// <summary>The département of the place of practice, e.g. « 75 ».</summary>
    public string? Department { get; set; }

    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(GivenName) && string.IsNullOrWhiteSpace(Profession) && string.IsNullOrWhiteSpace(Department))
        {
            throw new ArgumentException("An Annuaire search needs a name, a first name, a profession or a département.");
        }
    }

    /// <summary>TRE_G15 codes of the usual professions, so a label can be searched where the server wants a code (FHIR).</summary>
    internal static string? ProfessionCode(string profession)
    {
        var trimmed = profession.Trim();
        if (trimmed.Length > 0 && trimmed.All(char.IsDigit))
        {
            return trimmed;
        }

        switch (trimmed.ToUpperInvariant())
        {
            case "MÉDECIN": case "MEDECIN": return "10";
            case "PHARMACIEN": return "21";
            case "CHIRURGIEN-DENTISTE": return "40";
            case "SAGE-FEMME": return "50";
            case "INFIRMIER": return "60";
            default: return null;
        }
    }
}
