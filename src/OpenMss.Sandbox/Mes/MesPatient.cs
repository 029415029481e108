namespace OpenMss.Sandbox.Mes;

/// <summary>A test patient of the Mon espace santé stand-in: the INS matricule that is its address, and the names MES shows.</summary>
public sealed record MesPatient(string Ins, string Given, string Family)
{
    /// <summary>The stand-in's patients (fictitious NIRs with valid keys); the first is the patient of testdata/cda.</summary>
    public static readonly IReadOnlyList<MesPatient> Defaults =
    [
        new("279035121518989", "Dominique", "PAT-TROIS"),
        new("180127512345642", "Léo", "DUPOND"),
        new("292059912378957", "Camille", "MARTIN"),
    ];

    public string Address(string domain) => Ins + "@" + domain;

    /// <summary>As MES writes it in From (spec §8): first name, then last name.</summary>
    public string DisplayName => Given + " " + Family;
}
