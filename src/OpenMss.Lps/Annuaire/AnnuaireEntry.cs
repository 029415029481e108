namespace OpenMss.Lps.Annuaire;

/// <summary>One BAL the Annuaire gives, with what identifies its holder to the person choosing it.</summary>
public sealed class AnnuaireEntry
{
    /// <summary>An entry for <paramref name="address"/>, shown as <paramref name="displayName"/>.</summary>
    public AnnuaireEntry(string address, string displayName)
    {
        Address = address;
        DisplayName = displayName;
    }

    /// <summary>The BAL's address.</summary>
    public string Address { get; }

    /// <summary>How to show the holder: « Jean DUPONT », or a structure's name.</summary>
    public string DisplayName { get; }

    /// <summary>PER, ORG or CAB (APP BALs are not offered for completion).</summary>
    public string? BalType { get; set; }

    /// <summary>The holder's name of exercise.</summary>
    public string? FamilyName { get; set; }

    /// <summary>The holder's first name of exercise.</summary>
    public string? GivenName { get; set; }

    /// <summary>The holder's profession, as the Annuaire labels it.</summary>
    public string? Profession { get; set; }

    /// <summary>The structure of the BAL.</summary>
    public string? Organization { get; set; }

    /// <summary>Postal code of the place of practice.</summary>
    public string? PostalCode { get; set; }

    /// <summary>City of the place of practice.</summary>
    public string? City { get; set; }

    /// <summary>Département of the place of practice.</summary>
    public string? Department { get; set; }

    /// <summary>« Jean DUPONT &lt;jean.dupont@…&gt; », as an address field shows it.</summary>
    public override string ToString() => $"{DisplayName} <{Address}>";
}
