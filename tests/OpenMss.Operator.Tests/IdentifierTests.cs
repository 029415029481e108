using OpenMss.Operator.Identifiers;

namespace OpenMss.Operator.Tests;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("810001234567")] // 8 + RPPS
    [InlineData("899700218896")] // the PSC introspection sample
    [InlineData("0751234567")] // 0 + ADELI
    [InlineData("02B1234567")] // ADELI of a Corsican département
    [InlineData("1750000001/INT-42")] // staff without RPPS: FINESS / internal id
    [InlineData("312345678901234/7")] // SIRET / internal id
    [InlineData("ANS20231122132732")] // PSC sandbox EDIT identity
    public void Valid_idnats_are_accepted(string value) => IdNat.IsValid(value).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("81000123456")] // RPPS one digit short
    [InlineData("8100012345678")] // one digit long
    [InlineData("710001234567")] // unknown type 7
    [InlineData("81000123456a")]
    [InlineData(" 810001234567")]
    [InlineData("1750000001")] // internal prefix without the internal id
    [InlineData("ANS2023")]
    public void Malformed_idnats_are_refused(string value) => IdNat.IsValid(value).ShouldBeFalse();

    [Theory]
    [InlineData("1750000001")] // 1 + FINESS
    [InlineData("12A0000015")] // FINESS in Corse-du-Sud
    [InlineData("2123456789")] // 2 + SIREN
    [InlineData("312345678901234")] // 3 + SIRET
    [InlineData("410001234567")] // 4 + RPPS-rang
    [InlineData("0751234567")] // 0 + ADELI-rang
    public void Valid_idnatstrucs_are_accepted(string value) => IdNatStruc.IsValid(value).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("175000000")] // FINESS one short
    [InlineData("21234567")]
    [InlineData("31234567890123")] // SIRET one short
    [InlineData("812345678901")]
    [InlineData("12C0000015")]
    public void Malformed_idnatstrucs_are_refused(string value) => IdNatStruc.IsValid(value).ShouldBeFalse();

    [Theory]
    [InlineData("Jean.Dupont@Operateur-A.MSSante.test", "jean.dupont@operateur-a.mssante.test")]
    [InlineData(" secretariat.cardio@ch-test.mssante.fr ", "secretariat.cardio@ch-test.mssante.fr")]
    [InlineData("o'neil+lps@x.test", "o'neil+lps@x.test")]
    public void Addresses_are_normalised_to_lower_case(string input, string expected)
    {
        BalAddress.Normalize(input, out var problem).ShouldBe(expected);
        problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("@x.test")]
    [InlineData("a@")]
    [InlineData("a..b@x.test")]
    [InlineData(".a@x.test")]
    [InlineData("a b@x.test")]
    [InlineData("a@x")]
    [InlineData("a@-x.test")]
    [InlineData("a@x_y.test")]
    public void Malformed_addresses_are_refused_with_a_reason(string input)
    {
        BalAddress.Normalize(input, out var problem).ShouldBeNull();
        problem.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void A_local_part_longer_than_64_is_refused() =>
        BalAddress.Normalize(new string('a', 65) + "@x.test", out _).ShouldBeNull();

    [Theory]
    [InlineData("Operateur-A.mssante.test", "operateur-a.mssante.test")]
    [InlineData("patient.mssante.fr", "patient.mssante.fr")]
    public void Domains_are_normalised(string input, string expected) => DomainName.Normalize(input).ShouldBe(expected);

    [Theory]
    [InlineData("localhost")]
    [InlineData("a..b")]
    [InlineData("exa mple.test")]
    [InlineData("x.123")]
    public void Malformed_domains_are_refused(string input) => DomainName.Normalize(input).ShouldBeNull();
}
