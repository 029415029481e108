using System.Text.Json.Nodes;

namespace OpenMss.Psc.Sandbox;

/// <summary>Userinfo in PSC's shape and claim names (spec §3.3, from a real BAS answer).</summary>
internal static class UserinfoClaims
{
    private const string RoleOid = "1.2.250.1.213.1.1.5.5";
    private const string PalierOid = "1.2.250.1.213.1.5.1.1.1";

    public static JsonObject For(TestIdentity identity)
    {
        var activities = new JsonArray();
        foreach (var structure in identity.Structures)
        {
            activities.Add(new JsonObject
            {
                ["codeModeExercice"] = structure.ModeExercice,
                ["codeSecteurDactivite"] = structure.SecteurActivite,
                ["numeroFinessSite"] = structure.Finess ?? "",
                ["numeroSiretSite"] = structure.Siret ?? "",
                ["identifiantTechniqueDeLaStructure"] = structure.IdNatStruc ?? "",
                ["raisonSocialeSite"] = structure.Name,
            });
        }

        var first = identity.Structures.Count > 0 ? identity.Structures[0] : null;
        var claims = new JsonObject
        {
            ["sub"] = TokenIssuer.Subject(identity),
            ["preferred_username"] = identity.IdNat,
            ["SubjectNameID"] = identity.IdNat,
            ["given_name"] = identity.GivenName,
            ["family_name"] = identity.FamilyName,
            ["codeCivilite"] = identity.Civilite,
            ["email_verified"] = false,
            ["SubjectRefPro"] = new JsonObject
            {
                ["codeCivilite"] = identity.Civilite,
                ["exercices"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["codeProfession"] = identity.ProfessionCode,
                        ["codeCategorieProfessionnelle"] = identity.ProfessionCategory,
                        ["nomDexercice"] = identity.FamilyName,
                        ["prenomDexercice"] = identity.GivenName,
                        ["codeSavoirFaire"] = identity.SavoirFaire ?? "",
                        ["activities"] = activities,
                    },
                },
            },
            ["SubjectOrganization"] = first?.Name ?? "",
            ["SubjectOrganizationID"] = first?.IdNatStruc ?? "",
            ["SubjectRole"] = new JsonArray($"{identity.ProfessionCode}^{RoleOid}"),
            ["Secteur_Activite"] = first is null ? "" : $"{first.SecteurActivite}^1.2.250.1.71.4.2.4",
            // The value of the BAS sample, whichever means was used.
            ["Palier_Authentification"] = $"APPPRIP3^{PalierOid}",
            ["PSI_Locale"] = "1.2.250.1.213.1.3.1.1",
            ["UITVersion"] = "1.0",
            ["otherIds"] = new JsonArray(new JsonObject { ["identifiant"] = identity.IdNat, ["origine"] = identity.IdNat.StartsWith('8') ? "RPPS" : "EDIT", ["qualite"] = 1 }),
            ["Mode_Acces_Raison"] = "",
            ["Acces_Regulation_Medicale"] = "",
            ["codeGenreActivite"] = "GENR01",
        };
        if (identity.Email is not null)
        {
            claims["email"] = identity.Email;
        }

        return claims;
    }
}

/// <summary>How the professional authenticated, simulated.</summary>
internal static class Means
{
    public const string Card = "CPS";
    public const string App = "e-CPS";

    public static string FromChannel(string channel) => channel == "CARD" ? Card : App;
}
