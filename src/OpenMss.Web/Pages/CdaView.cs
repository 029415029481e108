using System.Text;
using System.Xml;
using OpenMss.Xdm;

namespace OpenMss.Web.Pages;

/// <summary>
/// A CDA R2 document's body made readable: each section's title and its narrative block (CDA R2 §4.3.5), whose
/// elements map to plain HTML (paragraph, list, table, br…). Nothing of the document's own markup passes through:
/// every text is encoded, no attribute is copied, links show as text, images as a mark. Bounded in depth and size.
/// </summary>
internal static class CdaView
{
    public const int MaxDepth = 64;
    public const int MaxOutputChars = 2_000_000;

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["paragraph"] = "p", ["item"] = "li", ["table"] = "table", ["thead"] = "thead", ["tbody"] = "tbody", ["tfoot"] = "tfoot",
        ["tr"] = "tr", ["th"] = "th", ["td"] = "td", ["caption"] = "caption", ["sub"] = "sub", ["sup"] = "sup",
        ["content"] = "span", ["linkHtml"] = "span", ["footnote"] = "span", ["footnoteRef"] = "span",
    };

    /// <exception cref="XdmException">The document is not a well-formed CDA R2 document (one sentence for the page).</exception>
    public static string Render(byte[] cda, Lang lang)
    {
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(cda), CdaHeaderReader.Settings());
            document.Load(reader);
        }
        catch (XmlException e)
        {
            throw new XdmException($"The CDA document is not well-formed XML: {e.Message}");
        }

        var root = document.DocumentElement;
        if (root is null || root.LocalName != "ClinicalDocument" || root.NamespaceURI != CdaHeaderReader.Namespace)
        {
            throw new XdmException("The document is not a CDA R2 document.");
        }

        var html = new StringBuilder();
        var body = Child(root, "component");
        if (Child(body, "structuredBody") is { } structured)
        {
            Sections(structured, html, 2, 0, lang);
        }
        else if (Child(body, "nonXMLBody") is { } other)
        {
            var media = Child(other, "text")?.GetAttribute("mediaType");
            html.Append("<p class=\"notice\">").Append(Html.E(lang.T($"Corps non structuré ({media}) : ouvrez le document joint.", $"Unstructured body ({media}): open the attached document."))).Append("</p>");
        }
        else
        {
            html.Append("<p class=\"notice\">").Append(lang.T("Document sans corps.", "The document has no body.")).Append("</p>");
        }

        return html.ToString();
    }

    private static void Sections(XmlElement parent, StringBuilder html, int level, int depth, Lang lang)
    {
        foreach (var section in Children(parent, "component").Select(c => Child(c, "section")).OfType<XmlElement>())
        {
            if (depth > MaxDepth || html.Length > MaxOutputChars)
            {
                html.Append("<p class=\"notice\">").Append(lang.T("… (document tronqué à l'affichage)", "… (document cut for display)")).Append("</p>");
                return;
            }

            var heading = Math.Min(level, 6);
            html.Append("<section class=\"cda\"><h").Append(heading).Append('>').Append(Html.E(Child(section, "title")?.InnerText.Trim() ?? "Section")).Append("</h").Append(heading).Append('>');
            if (Child(section, "text") is { } text)
            {
                html.Append("<div class=\"narrative\">");
                Narrative(text, html, 0);
                html.Append("</div>");
            }

            Sections(section, html, level + 1, depth + 1, lang);
            html.Append("</section>");
        }
    }

    private static void Narrative(XmlNode node, StringBuilder html, int depth)
    {
        foreach (XmlNode child in node.ChildNodes)
        {
            if (html.Length > MaxOutputChars || depth > MaxDepth)
            {
                return;
            }

            switch (child)
            {
                case XmlText or XmlCDataSection or XmlWhitespace or XmlSignificantWhitespace:
                    html.Append(Html.E(child.Value));
                    break;
                case XmlElement { LocalName: "br" }:
                    html.Append("<br>");
                    break;
                case XmlElement { LocalName: "renderMultiMedia" }:
                    html.Append("<span class=\"media\">[image]</span>");
                    break;
                case XmlElement { LocalName: "list" } list:
                    var tag = list.GetAttribute("listType") == "ordered" ? "ol" : "ul";
                    html.Append('<').Append(tag).Append('>');
                    Narrative(list, html, depth + 1);
                    html.Append("</").Append(tag).Append('>');
                    break;
                case XmlElement element when Tags.TryGetValue(element.LocalName, out var mapped):
                    html.Append('<').Append(mapped).Append('>');
                    Narrative(element, html, depth + 1);
                    html.Append("</").Append(mapped).Append('>');
                    break;
                case XmlElement element: // unknown markup: its text only
                    Narrative(element, html, depth + 1);
                    break;
            }
        }
    }

    private static XmlElement? Child(XmlNode? parent, string name) => parent is null ? null : Children(parent, name).FirstOrDefault();

    private static IEnumerable<XmlElement> Children(XmlNode parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == CdaHeaderReader.Namespace);
}
