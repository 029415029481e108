using Hl7.Fhir.Model;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Annuaire;

/// <summary>
/// A BAL as the Annuaire Santé's FHIR model carries it (spec §7.4): a <c>telecom</c> of system <c>email</c> on the
/// holder's Practitioner (PER, CAB) or the structure's Organization (ORG, APP), with the MSSANTE e-mail type and the
/// mailbox metadata extension (BAL type, liste rouge). Shared by the operator's declarations and the sandbox's
/// Annuaire stand-in, so both read the same shape.
/// </summary>
public static class MailboxFhir
{
    public const string EmailTypeExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type";
    public const string EmailTypeSystem = "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie";
    public const string MetadataExtension = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata";
    public const string BalTypeSystem = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL";

    /// <summary>Practitioner identifier system of the IdNat (spec Appendix A; the Annuaire keys professionals by it).</summary>
    public const string IdNatSystem = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>Organization identifiers: FINESS for an IdNatStruc starting with 1, the IdNatStruc OID otherwise.</summary>
    public const string FinessSystem = "https://finess.esante.gouv.fr";
    public const string IdNatStrucSystem = "urn:oid:1.2.250.1.71.4.2.2";

    public static string ResourceType(BalType type) => type is BalType.Per or BalType.Cab ? "Practitioner" : "Organization";

    /// <summary>The identifier the holder is found by: <c>system|value</c> for a conditional request.</summary>
    public static (string System, string Value) HolderIdentifier(BalType type, string holder) =>
        type is BalType.Per or BalType.Cab ? (IdNatSystem, holder)
        : holder.StartsWith('1') ? (FinessSystem, holder[1..])
        : (IdNatStrucSystem, holder);

    public static ContactPoint ContactPoint(BalPublication publication) => new()
    {
        System = Hl7.Fhir.Model.ContactPoint.ContactPointSystem.Email,
        Value = publication.Address,
        Extension =
        [
            new Extension(EmailTypeExtension, new Coding(EmailTypeSystem, "MSSANTE")),
            new Extension
            {
                Url = MetadataExtension,
                Extension =
                [
                    new Extension("type", new CodeableConcept(BalTypeSystem, publication.Type.ToString().ToUpperInvariant())),
                    new Extension("listeRouge", new FhirBoolean(publication.ListeRouge)),
                ],
            },
        ],
    };

    /// <summary>Reads back what <see cref="ContactPoint(BalPublication)"/> wrote: the BAL type and the liste rouge flag.</summary>
    public static (string? Type, bool ListeRouge) Metadata(ContactPoint point)
    {
        var metadata = point.GetExtension(MetadataExtension);
        var type = (metadata?.GetExtension("type")?.Value as CodeableConcept)?.Coding.FirstOrDefault()?.Code;
        var listeRouge = metadata?.GetExtension("listeRouge")?.Value is FhirBoolean { Value: true };
        return (type, listeRouge);
    }

    public static bool IsMailbox(ContactPoint point) =>
        point.System == Hl7.Fhir.Model.ContactPoint.ContactPointSystem.Email
        && (point.GetExtension(EmailTypeExtension)?.Value as Coding)?.Code == "MSSANTE";
}
