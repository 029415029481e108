using System.Globalization;

namespace OpenMss.Sandbox.Annuaire;

/// <summary>
/// Who the sandbox's Annuaire knows before any BAL is declared, as the real one knows every professional through
/// RPPS and every structure through FINESS (spec §6.2): the sandbox's own holders, and a population of generated
/// professionals so that searches can meet the 100-entry limit.
/// </summary>
public static class AnnuaireSeed
{
    public const string StructureId = "1750000001";
    public const string StructureName = "Centre Hospitalier de Test";

    /// <summary>Generated professionals: IdNat 8100900NNNNN, half of them in Paris (75), so one département holds more than 100.</summary>
    public const int Population = 250;

    private static readonly string[] FamilyNames = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT"];
    private static readonly string[] GivenNames = ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Emma", "Lucas", "Inès", "Adam"];
    private static readonly (string Code, string Label)[] Professions = [("10", "Médecin"), ("60", "Infirmier"), ("21", "Pharmacien"), ("40", "Chirurgien-dentiste"), ("50", "Sage-femme")];
    private static readonly (string PostalCode, string City, string Department)[] Places =
        [("75013", "PARIS", "75"), ("13005", "MARSEILLE", "13"), ("69003", "LYON", "69"), ("33000", "BORDEAUX", "33"), ("59000", "LILLE", "59")];

    public static IEnumerable<AnnuaireHolder> All()
    {
        yield return Person("810001234567", "M", "DUPONT", "Jean", Professions[0], "SM26 Qualifié en Médecine Générale", Places[0]);
        yield return Person("810002345678", "MME", "MARTIN", "Marie", Professions[1], null, Places[1]);
        yield return new AnnuaireHolder(StructureId, false, null, null, null, null, null, null, StructureId, StructureName, "1 rue de la Santé", "75013", "PARIS", "75");
        yield return new AnnuaireHolder("2130000002", false, null, null, null, null, null, null, "2130000002", "Clinique de Test", "2 boulevard du Port", "13005", "MARSEILLE", "13");
        for (var i = 0; i < Population; i++)
        {
            yield return Person(
                GeneratedIdNat(i), i % 2 == 0 ? "M" : "MME", FamilyNames[i % FamilyNames.Length], GivenNames[i / FamilyNames.Length % GivenNames.Length],
                Professions[i % Professions.Length], null, Places[i % 2 == 0 ? 0 : 1 + (i / 2 % (Places.Length - 1))]);
        }
    }

    public static string GeneratedIdNat(int index) => "8100900" + index.ToString("D5", CultureInfo.InvariantCulture);

    private static AnnuaireHolder Person(string idNat, string civility, string family, string given, (string Code, string Label) profession, string? savoirFaire, (string PostalCode, string City, string Department) place) =>
        new(idNat, true, civility, family, given, profession.Code, profession.Label, savoirFaire, StructureId, StructureName, "1 rue de la Santé", place.PostalCode, place.City, place.Department);
}
