using System.Text;
using OpenMss.TestSupport;
using OpenMss.Web.Pages;
using OpenMss.Xdm;

namespace OpenMss.Web.Tests;

/// <summary>A CDA body made readable, and nothing of its own markup let through.</summary>
public sealed class CdaViewTests
{
    private static readonly Lang French = new(English: false);

    private static byte[] Cda(string body) => Encoding.UTF8.GetBytes(
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>T</title><component>{body}</component></ClinicalDocument>");

    [Fact]
    public void The_test_cr_bio_shows_its_section_and_result()
    {
        var html = CdaView.Render(TestCda.CrBio, French);

        html.ShouldContain("<h2>Biochimie sanguine</h2>");
        html.ShouldContain(Html.E("Glycémie à jeun : 0,92 g/L (0,70 - 1,10)."), customMessage: "every text encoded");
    }

    [Fact]
    public void Narrative_markup_maps_to_plain_html_and_nothing_else_passes()
    {
        var html = CdaView.Render(Cda("""
            <structuredBody><component><section><title>Résultats &lt;b&gt;</title><text>
            <paragraph styleCode="Bold" onclick="x">Un</paragraph><list listType="ordered"><item>a</item></list>
            <table><tbody><tr><th>Examen</th><td>K+</td></tr></tbody></table>
            <linkHtml href="https://tracker.example/">lien</linkHtml><renderMultiMedia referencedObject="i1"/>
            <script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script><br/>fin
            </text><component><section><title>Sous-section</title><text>b</text></section></component></section></component></structuredBody>
            """), French);

        html.ShouldContain($"<h2>{Html.E("Résultats <b>")}</h2>");
        html.ShouldContain("<p>Un</p><ol><li>a</li></ol>");
        html.ShouldContain($"<table><tbody><tr><th>Examen</th><td>{Html.E("K+")}</td></tr></tbody></table>");
        html.ShouldContain("<span>lien</span><span class=\"media\">[image]</span>");
        html.ShouldContain("<h3>Sous-section</h3>");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("onclick");
        html.ShouldNotContain("tracker.example");
        html.ShouldContain("alert(1)", customMessage: "an unknown element keeps its text, encoded, as text");
    }

    [Fact]
    public void A_dtd_a_foreign_root_and_broken_xml_are_one_sentence_each()
    {
        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><ClinicalDocument xmlns=\"urn:hl7-org:v3\">&e;</ClinicalDocument>"u8.ToArray();

        Should.Throw<XdmException>(() => CdaView.Render(dtd, French)).Message.ShouldStartWith("The CDA document is not well-formed XML:");
        Should.Throw<XdmException>(() => CdaView.Render("<html/>"u8.ToArray(), French)).Message.ShouldBe("The document is not a CDA R2 document.");
        Should.Throw<XdmException>(() => CdaView.Render("<ClinicalDocument"u8.ToArray(), French)).Message.ShouldStartWith("The CDA document is not well-formed XML:");
    }

    [Fact]
    public void Deep_nesting_is_cut_not_followed()
    {
        var deep = string.Concat(Enumerable.Repeat("<content>", 5_000)) + "x" + string.Concat(Enumerable.Repeat("</content>", 5_000));

        var html = CdaView.Render(Cda($"<structuredBody><component><section><title>D</title><text>{deep}</text></section></component></structuredBody>"), French);

        html.Length.ShouldBeLessThan(2_000);
    }

    [Fact]
    public void An_unstructured_body_says_so()
    {
        var html = CdaView.Render(Cda("<nonXMLBody><text mediaType=\"application/pdf\" representation=\"B64\">JVBERi0=</text></nonXMLBody>"), new Lang(English: true));

        html.ShouldContain("Unstructured body (application/pdf)");
    }
}
