using Ganss.Xss;
using MimeKit;

namespace OpenMss.Web.Pages;

/// <summary>
/// A message's body as the reading page shows it: HTML through an allow-list sanitizer with no script, no form,
/// no style and no image (no remote content: a tracker cannot learn the message was read), else the text part.
/// The page's CSP forbids script and remote images again, should anything pass.
/// </summary>
internal static class MessageBody
{
    /// <summary>Characters of a text body shown in the page; a longer one is offered whole as a download.</summary>
    public const int ShownCharacters = 100_000;

    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <param name="wholeText">Where the whole text body downloads, when it is longer than the page shows.</param>
    public static string Render(MimeMessage message, string wholeText, Lang lang)
    {
        if (message.HtmlBody is { } html)
        {
            return $"<div class=\"body html\">{Sanitizer.Sanitize(html)}</div>";
        }

        var text = message.TextBody ?? "";
        if (text.Length <= ShownCharacters)
        {
            return $"<pre class=\"body\">{Html.E(text)}</pre>";
        }

        // A browser takes seconds to lay out megabytes of text: the start is shown, the whole is a download.
        return $"<pre class=\"body\">{Html.E(text[..ShownCharacters])}</pre>" +
            $"<p class=\"notice\">{lang.T($"Texte tronqué à l'affichage ({text.Length:N0} caractères).", $"Text cut for display ({text.Length:N0} characters).")} <a href=\"{wholeText}\" download>{lang.T("Texte entier", "Whole text")}</a></p>";
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in new[] { "img", "form", "input", "button", "select", "option", "textarea", "style", "link", "audio", "video", "source", "picture" })
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("background");
        sanitizer.AllowedSchemes.Remove("http"); // links to https and mailto only
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
