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
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Render(MimeMessage message) =>
        message.HtmlBody is { } html ? $"<div class=\"body html\">{Sanitizer.Sanitize(html)}</div>"
        : $"<pre class=\"body\">{Html.E(message.TextBody)}</pre>";

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
