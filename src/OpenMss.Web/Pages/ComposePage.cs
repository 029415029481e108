using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using MimeKit;

namespace OpenMss.Web.Pages;

/// <summary>
/// The compose form (new message, reply or forward): recipients, subject, text, attachments, a read receipt, the end of an
/// exchange with a patient (X-MSS-MES: FIN). Posted with an antiforgery token, as multipart form data.
/// </summary>
internal static class ComposePage
{
    public static string Body(string address, AntiforgeryTokenSet tokens, MimeMessage? original, Source source, Lang lang)
    {
        var replied = source.Reply is null ? null : original;
        var to = replied is null ? "" : (replied.ReplyTo.Count > 0 ? replied.ReplyTo : replied.From).Mailboxes.FirstOrDefault()?.Address ?? "";
        var subject = original is null ? "" : Prefixed(original.Subject ?? "", replied is null ? "Fwd:" : "Re:");
        var quoted = replied?.TextBody is { } text ? "\n\n" + string.Join("\n", text.Split('\n').Select(l => "> " + l.TrimEnd('\r'))) : "";
        var form = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<form class=\"compose\" method=\"post\" action=\"/bal/{Html.E(Uri.EscapeDataString(address))}/send\" enctype=\"multipart/form-data\">")
            .Append(Html.Csrf(tokens));
        form.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"folder\" value=\"{Html.E(source.Folder)}\">");
        if (source.Reply is { } reply)
        {
            form.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"reply\" value=\"{reply}\">");
        }

        if (source.Forward is { } forward && original is not null)
        {
            form.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"forward\" value=\"{forward}\">")
                .Append("<p class=\"notice\">").Append(lang.T("Le message transféré est joint en entier, avec ses pièces jointes.", "The forwarded message is attached whole, with its attachments.")).Append("</p>");
        }

        return form
            .Append(CultureInfo.InvariantCulture, $"<label>{lang.T("À", "To")} <input name=\"to\" required value=\"{Html.E(to)}\" autocomplete=\"off\"></label>")
            .Append(CultureInfo.InvariantCulture, $"<label>{lang.T("Objet", "Subject")} <input name=\"subject\" value=\"{Html.E(subject)}\"></label>")
            .Append("<label>Message <textarea name=\"body\" rows=\"14\">").Append(Html.E(quoted)).Append("</textarea></label>")
            .Append(CultureInfo.InvariantCulture, $"<label>{lang.T("Pièces jointes", "Attachments")} <input type=\"file\" name=\"attachments\" multiple></label>")
            .Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"receipt\" value=\"on\"> {lang.T("Demander un accusé de lecture", "Ask for a read receipt")}</label>")
            .Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"fin\" value=\"on\"> {lang.T("Fin d'échange avec le patient", "End of the exchange with the patient")} (X-MSS-MES: FIN)</label>")
            .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{lang.T("Envoyer", "Send")}</button></form>")
            .ToString();
    }

    private static string Prefixed(string subject, string prefix) =>
        subject.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? subject : prefix + " " + subject;
}
