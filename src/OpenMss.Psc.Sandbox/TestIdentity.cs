namespace OpenMss.Psc.Sandbox;

/// <summary>A professional the sandbox can authenticate, described with PSC's vocabulary (spec §3.3).</summary>
public sealed record TestIdentity
{
    /// <summary>The IdNat: "8" + RPPS, or an EDIT-style id such as ANS20231122132732.</summary>
    public required string IdNat { get; init; }

    public required string GivenName { get; init; }

    public required string FamilyName { get; init; }

    /// <summary>PSC's codeCivilite: DR, M, MME.</summary>
    public string Civilite { get; init; } = "M";

    /// <summary>Nomenclature code: 10 médecin, 21 pharmacien, 40 chirurgien-dentiste, 60 infirmier...</summary>
    public string ProfessionCode { get; init; } = "10";

    /// <summary>C civil, M militaire, E étudiant.</summary>
    public string ProfessionCategory { get; init; } = "C";

    public string? SavoirFaire { get; init; }

    public string? Email { get; init; }

    public IReadOnlyList<TestStructure> Structures { get; init; } = [];
}

/// <summary>Where a professional practises: one activity of PSC's SubjectRefPro.</summary>
public sealed record TestStructure
{
    public required string Name { get; init; }

    /// <summary>identifiantTechniqueDeLaStructure, e.g. "1" + FINESS.</summary>
    public string? IdNatStruc { get; init; }

    public string? Finess { get; init; }

    public string? Siret { get; init; }

    /// <summary>codeModeExercice: L libéral, S salarié, B bénévole.</summary>
    public string ModeExercice { get; init; } = "S";

    /// <summary>codeSecteurDactivite, e.g. SA01 (établissement public de santé).</summary>
    public string SecteurActivite { get; init; } = "SA01";
}

/// <summary>An application registered at the sandbox, as at PSC's editor portal.</summary>
public sealed record TestClient
{
    public required string ClientId { get; init; }

    public required string Secret { get; init; }

    /// <summary>Exact redirect URIs; a loopback URI matches on any port (RFC 8252 §7.3).</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];

    /// <summary>Where logout tokens are posted when a session the client took part in ends by logout.</summary>
    public string? BackchannelLogoutUri { get; init; }

    /// <summary>CIBA must be enabled per service at PSC.</summary>
    public bool Ciba { get; init; }

    public bool RequirePkce { get; init; } = true;
}
