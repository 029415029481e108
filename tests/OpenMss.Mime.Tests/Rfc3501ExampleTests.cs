using System.Text;
using OpenMss.Mime.Imap;

namespace OpenMss.Mime.Tests;

/// <summary>
/// Golden tests from RFC 3501 §6.4.5: the section example's part numbers resolve to the right bytes (ENVELOPE and
/// BODYSTRUCTURE are written by OpenMss.Imap.Protocol, tested there).
/// </summary>
public sealed class Rfc3501ExampleTests
{
    [Fact]
    public void The_section_example_resolves_every_part_number()
    {
        var message = MimeParser.Parse(Encoding.ASCII.GetBytes(SectionExample.Message));

        foreach (var (section, expected) in SectionExample.Expected)
        {
            var bytes = SectionReader.Read(message, section);
            bytes.ShouldNotBeNull($"section {Describe(section)}");
            Encoding.ASCII.GetString(bytes.Value.Span).ShouldBe(expected, $"section {Describe(section)}");
        }

        SectionReader.Read(message, new BodySection([5], SectionKind.Whole)).ShouldBeNull();
        SectionReader.Read(message, new BodySection([3, 3], SectionKind.Whole)).ShouldBeNull();
        SectionReader.Read(message, new BodySection([1], SectionKind.Header)).ShouldBeNull();
    }

    private static string Describe(BodySection section) => $"{string.Join('.', section.Path)} {section.Kind}";
}
