using Hl7.Fhir.Model;
using OpenMss.Operator.Annuaire;
using OpenMss.Storage.Model;

namespace OpenMss.Sandbox.Annuaire;

/// <summary>
/// The stand-in's FHIR search (spec §7.4): Practitioner (PER, CAB) and Organization (ORG, APP) resources carrying
/// their published BALs as telecoms, found by <c>mailbox-mss</c> (plain, <c>:contains</c>, <c>:exact</c>), <c>identifier</c>, names, and,
/// as a stand-in simplification of PractitionerRole, <c>qualification-code</c> and <c>address-postalcode</c> on the
/// Practitioner itself. At most 100 entries a search, with the total, as the LDAP side's limit.
/// </summary>
public static class AnnuaireFhirResources
{
    public const int MaxEntries = 100;

    /// <exception cref="ArgumentException">A parameter the stand-in does not know (FHIR answers 400).</exception>
    public static Bundle Search(string resourceType, IReadOnlyList<PublishedBal> published, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var person = resourceType == "Practitioner";
        var holders = published.Where(b => person == (b.Type is "PER" or "CAB")).GroupBy(b => b.Holder.Id).ToList();
        var count = MaxEntries;
        foreach (var (name, value) in parameters)
        {
            var (code, modifier) = name.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (name[..colon], name[(colon + 1)..]) : (name, "");
            Func<IGrouping<string, PublishedBal>, bool>? filter = (code, person) switch
            {
                ("mailbox-mss", _) => g => g.Any(b => Matches(b.Address, value, modifier)),
                ("identifier", _) => g => value.EndsWith("|" + g.Key, StringComparison.Ordinal) || value == g.Key,
                ("family", true) => g => Matches(g.First().Holder.FamilyName, value, modifier),
                ("given", true) => g => Matches(g.First().Holder.GivenName, value, modifier),
                ("name", _) => g => Matches(g.First().Holder.DisplayName, value, "contains"),
                ("qualification-code", true) => g => g.First().Holder.ProfessionCode == value,
                ("address-postalcode", _) => g => Matches(g.First().Holder.PostalCode, value, modifier),
                ("_count", _) when int.TryParse(value, out var asked) && asked > 0 => null,
                _ => throw new ArgumentException($"The search parameter '{name}' is not supported by the Annuaire stand-in."),
            };
            if (code == "_count")
            {
                count = Math.Min(MaxEntries, int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (filter is not null)
            {
                holders = [.. holders.Where(filter)];
            }
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = holders.Count };
        foreach (var holder in holders.OrderBy(g => g.Key, StringComparer.Ordinal).Take(count))
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = person ? Practitioner(holder.First().Holder, holder) : Organization(holder.First().Holder, holder) });
        }

        return bundle;
    }

    private static Practitioner Practitioner(AnnuaireHolder holder, IEnumerable<PublishedBal> bals) => new()
    {
        Id = holder.Id,
        Identifier = [new Identifier(MailboxFhir.IdNatSystem, holder.Id)],
        Name = [new HumanName { Family = holder.FamilyName, Given = [holder.GivenName], Prefix = [holder.Civility] }],
        Telecom = [.. bals.Select(Telecom)],
        Address = [new Address { Line = [holder.Street], PostalCode = holder.PostalCode, City = holder.City }],
        Qualification = [new Practitioner.QualificationComponent { Code = new CodeableConcept { Coding = [new Coding("https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante", holder.ProfessionCode, holder.Profession)] } }],
    };

    private static Organization Organization(AnnuaireHolder holder, IEnumerable<PublishedBal> bals) => new()
    {
        Id = holder.Id,
        Identifier = [new Identifier(MailboxFhir.HolderIdentifier(BalType.Org, holder.Id).System, MailboxFhir.HolderIdentifier(BalType.Org, holder.Id).Value)],
        Name = holder.StructureName,
        Telecom = [.. bals.Select(Telecom)],
        Address = [new Address { Line = [holder.Street], PostalCode = holder.PostalCode, City = holder.City }],
    };

    private static ContactPoint Telecom(PublishedBal bal) =>
        MailboxFhir.ContactPoint(new BalPublication(bal.Address, Enum.Parse<BalType>(bal.Type, ignoreCase: true), bal.Holder.Id, Listed: true, ListeRouge: false));

    /// <summary>FHIR string matching: starts-with by default, <c>:contains</c>, <c>:exact</c>; case-insensitive except exact.</summary>
    private static bool Matches(string? candidate, string value, string modifier) => candidate is not null && modifier switch
    {
        "exact" => candidate == value,
        "contains" => candidate.Contains(value, StringComparison.OrdinalIgnoreCase),
        _ => candidate.StartsWith(value, StringComparison.OrdinalIgnoreCase),
    };
}
