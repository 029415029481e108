using System.Text;
using OpenMss.Operator.Whitelist;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>ANS's whitelist XML read as a relation domain → allowed MTA certificate DNs, and every bad list refused whole (issue 14 #1).</summary>
public sealed class WhitelistReaderTests
{
    private static readonly string Directory = Path.Combine(Repository.Root, "testdata", "whitelist");
    private static readonly byte[] Sample = File.ReadAllBytes(Path.Combine(Directory, "listeblanchemssante.xml"));
    private static readonly string Checksum = File.ReadAllText(Path.Combine(Directory, "checksum"));

    [Fact]
    public void The_sample_reads_as_domains_with_every_allowed_dn_and_its_checksum_matches()
    {
        var list = WhitelistReader.Read(Sample, Checksum);

        list.GeneratedAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 6, 0, 12, TimeSpan.Zero));
        list.Domains.Keys.Order(StringComparer.Ordinal).ShouldBe(["operateur-a.mssante.test", "operateur-b.mssante.test", "xn--chu-hberg-f4ae.mssante.test"]);
        list.AllowedDns("operateur-a.mssante.test").ShouldBe(
        [
            "CN=mx.operateur-a.mssante.test,OU=1750000001,O=Operateur A,ST=Paris (75),C=FR",
            "CN=mx2.operateur-a.mssante.test,OU=1750000001,O=Operateur A,ST=Paris (75),C=FR",
        ]);
        list.AllowedDns("xn--chu-hberg-f4ae.mssante.test").ShouldBe(list.AllowedDns("operateur-b.mssante.test"));
        list.AllowedDns("ailleurs.example").ShouldBeEmpty();
        list.Sha256.ShouldBe(Checksum[..64]);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000  listeblanchemssante.xml", "does not match its checksum")]
    [InlineData("not a digest", "holds no SHA-256 digest")]
    public void A_list_that_does_not_match_its_checksum_is_refused(string checksum, string reason) =>
        Should.Throw<WhitelistException>(() => WhitelistReader.Read(Sample, checksum)).Message.ShouldContain(reason);

    [Fact]
    public void A_tampered_list_is_refused_by_its_checksum()
    {
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sample).Replace("mx2.operateur-a", "mx.pirate", StringComparison.Ordinal));
        Should.Throw<WhitelistException>(() => WhitelistReader.Read(tampered, Checksum)).Message.ShouldStartWith("The whitelist does not match its checksum");
        WhitelistReader.Read(tampered, null).AllowedDns("operateur-a.mssante.test").ShouldContain(dn => dn.Contains("mx.pirate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines><Domaine><Nom>&e;</Nom></Domaine></ListeDomaines></ListeBlancheMSSante>", "not well-formed XML")]
    [InlineData("<ListeBlancheMSSante><ListeDomaines/></ListeBlancheMSSante>", "is not an MSSanté whitelist")]
    [InlineData("<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines/></ListeBlancheMSSante>", "lists no domain")]
    [InlineData("<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines><Domaine><Nom>a.test</Nom></Domaine></ListeDomaines></ListeBlancheMSSante>", "Entry 1 of the whitelist has no DNCertificatOperateur.")]
    [InlineData("<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines><Domaine><Nom>not a domain</Nom><DNCertificatOperateur>CN=x</DNCertificatOperateur></Domaine></ListeDomaines></ListeBlancheMSSante>", "names 'not a domain', which is not a domain name")]
    [InlineData("<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines><Domaine>", "not well-formed XML")]
    public void Hostile_or_broken_lists_are_refused_with_one_sentence(string xml, string reason)
    {
        var refused = Should.Throw<WhitelistException>(() => WhitelistReader.Read(Encoding.UTF8.GetBytes(xml), null));
        refused.Message.ShouldContain(reason);
        refused.Message.ShouldNotContain("root:"); // nothing of /etc/passwd
    }

    [Fact]
    public void A_list_over_the_entry_bound_is_refused() =>
        Should.Throw<WhitelistException>(() => WhitelistReader.Read(Sample, null, maxEntries: 3)).Message.ShouldBe("The whitelist has more than 3 entries.");

    [Fact]
    public void Mutated_lists_are_read_or_refused_with_a_sentence_and_nothing_else()
    {
        var random = new Random(1014);
        var seed = Encoding.UTF8.GetString(Sample);
        var alphabet = "<>/=\"&;:.-éxmlns ListeDomaineNomDN\r\n"u8.ToArray();
        for (var i = 0; i < 3000; i++)
        {
            var mutated = FuzzMutator.Mutate(random, seed, alphabet);
            try
            {
                var list = WhitelistReader.Read(mutated, null);
                list.Domains.ShouldNotBeEmpty();
            }
            catch (WhitelistException e)
            {
                e.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }
}
