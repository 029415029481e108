using System.Text;
using OpenMss.Lps.Annuaire;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The FHIR answers the SDK reads come from a server: whatever they hold, the reader answers or says "not a Bundle".</summary>
public sealed class AnnuaireAnswerFuzzTests
{
    private const string Seed = """
        {"resourceType":"Bundle","type":"searchset","total":2,"link":[{"relation":"self","url":"x"}],"entry":[{"resource":{"resourceType":"Practitioner",
        "name":[{"family":"DUPONT","given":["Jean"]}],"address":[{"postalCode":"75013","city":"PARIS"}],
        "qualification":[{"code":{"coding":[{"code":"10","display":"Médecin"}]}}],
        "telecom":[{"system":"email","value":"jean.dupont@a.mssante.fr","extension":[
        {"url":"https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type","valueCoding":{"code":"MSSANTE"}},
        {"url":"https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata","extension":[{"url":"type","valueCodeableConcept":{"coding":[{"code":"PER"}]}}]}]}]}}]}
        """;

    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}[]\":,0123456789 truefalsenull\\-.");

    [Fact]
    public void A_seed_reads_with_its_entries_and_the_refine_flag()
    {
        var result = FhirAnnuaireSearch.Read(Seed, professionLabel: null);

        var entry = result.Entries.ShouldHaveSingleItem();
        (entry.Address, entry.DisplayName, entry.BalType, entry.Profession, entry.Department).ShouldBe(("jean.dupont@a.mssante.fr", "Jean DUPONT", "PER", "Médecin", "75"));
        result.MustRefine.ShouldBeTrue("total 2 with one resource returned");
    }

    [Fact]
    public void Mutated_answers_are_read_or_refused_in_one_sentence_never_a_crash()
    {
        var random = new Random(18);
        for (var i = 0; i < 5000; i++)
        {
            var input = Encoding.UTF8.GetString(FuzzMutator.Mutate(random, Seed, Alphabet));
            try
            {
                var result = FhirAnnuaireSearch.Read(input, i % 2 == 0 ? null : "Méd");
                result.Entries.ShouldAllBe(e => e.Address.Length > 0);
            }
            catch (AnnuaireUnavailableException e)
            {
                e.Message.ShouldBe("The Annuaire's answer is not a FHIR Bundle.");
            }
        }
    }

    [Fact]
    public void An_ldap_filter_value_is_escaped()
    {
        LdapAnnuaireSearch.Escape("a*b(c)d\\e\0").ShouldBe("a\\2ab\\28c\\29d\\5ce\\00");
        LdapAnnuaireSearch.Escape("Léa").ShouldBe("Léa");
    }
}
