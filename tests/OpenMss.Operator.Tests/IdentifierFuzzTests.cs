using System.Text;
using OpenMss.Operator.Identifiers;

namespace OpenMss.Operator.Tests;

/// <summary>
/// Random input, weighted toward the characters the grammars care about, never makes an identifier check throw,
/// and what the checks accept is stable (normalising twice changes nothing).
/// </summary>
public sealed class IdentifierFuzzTests
{
    private const string Alphabet = "@.-_+/'0123456789AB abZz\t\u00e9\u0000\r\n\"\\";
    private const int Iterations = 20_000;

    [Fact]
    public void Random_input_never_throws_and_accepted_values_are_stable()
    {
        var random = new Random(20261122);
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = RandomText(random);

            var address = BalAddress.Normalize(input, out var problem);
            var domain = DomainName.Normalize(input);
            _ = IdNat.IsValid(input);
            _ = IdNatStruc.IsValid(input);

            if (address is not null)
            {
                accepted++;
                problem.ShouldBeNull();
                BalAddress.Normalize(address, out _).ShouldBe(address);
                address.ShouldNotContain(" ");
            }
            else
            {
                problem.ShouldNotBeNullOrEmpty();
            }

            if (domain is not null)
            {
                DomainName.Normalize(domain).ShouldBe(domain);
            }
        }

        accepted.ShouldBeGreaterThan(0, "the fuzzer should reach valid addresses too");
    }

    [Fact]
    public void Very_long_input_is_refused_quickly()
    {
        var huge = new string('a', 1_000_000) + "@" + new string('b', 1_000_000) + ".test";

        BalAddress.Normalize(huge, out _).ShouldBeNull();
        DomainName.Normalize(huge).ShouldBeNull();
        IdNat.IsValid(huge).ShouldBeFalse();
        IdNatStruc.IsValid(huge).ShouldBeFalse();
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 40);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(4) == 0 ? (char)random.Next(32, 127) : Alphabet[random.Next(Alphabet.Length)]);
        }

        // Often shape it like an address, so the deeper rules are reached.
        return random.Next(3) == 0 ? $"{builder}@operateur-{random.Next(10)}.test" : builder.ToString();
    }
}
