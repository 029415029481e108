namespace OpenMss.Xdm;

/// <summary>A coded value of the CDA header: <c>code</c>, <c>codeSystem</c> (an OID) and <c>displayName</c>.</summary>
public sealed record CdaCode(string Code, string? CodeSystem, string? DisplayName);

/// <summary>
/// The patient as the CDA's <c>recordTarget</c> names it. <see cref="Ins"/> is the matricule (15 characters) under one of
/// the INS OIDs; the Référentiel INS lets a document carry it only for a qualified identity, so a matricule under an
/// INS OID with the identity traits (names, birth date, sex) is what <see cref="Qualified"/> means here.
/// </summary>
public sealed record CdaPatient(string? Ins, string? InsOid, string? FamilyName, string? GivenName, string? BirthDate, string? Sex)
{
    /// <summary>The INS OIDs: INS-NIR, INS-NIA, and the test and demonstration NIR of ANS's test data.</summary>
    public static readonly IReadOnlyList<string> InsOids = ["1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"];

    public bool Qualified =>
        Ins is { Length: 15 } && InsOid is not null && FamilyName is { Length: > 0 } && GivenName is { Length: > 0 } && BirthDate is { Length: >= 8 } && Sex is { Length: > 0 };

    /// <summary>The XDS patientId (CX): <c>matricule^^^&amp;OID&amp;ISO^NH</c>; null without an INS.</summary>
    public string? XdsPatientId => Ins is null || InsOid is null ? null : $"{Ins}^^^&{InsOid}&ISO^NH";
}

/// <summary>What MSSanté needs of a CDA R2 header: the document type (for X-MSS-CODECDA and the XDS typeCode), its id, title, dates, the patient and the authors.</summary>
public sealed record CdaHeader(
    CdaCode Code,
    string? DocumentId,
    string? Title,
    string? EffectiveTime,
    CdaPatient Patient,
    IReadOnlyList<string> Authors,
    string? ServiceStartTime);
