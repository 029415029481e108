using System.Globalization;
using System.Text;
using MimeKit;
using OpenMss.Lps.Documents;
using OpenMss.Xdm;

namespace OpenMss.Web.Pages;

/// <summary>The reading page: the header fields, the body, the attachments to download, and the health documents of IHE_XDM archives with their CDA metadata.</summary>
internal static class MessagePage
{
    public static string Body(MimeMessage message, string address, string folder, uint uid, Lang lang)
    {
        var page = new StringBuilder("<dl class=\"fields\">");
        Field(page, lang.T("De", "From"), message.From.ToString());
        Field(page, lang.T("À", "To"), message.To.ToString());
        if (message.Cc.Count > 0)
        {
            Field(page, "Cc", message.Cc.ToString());
        }

        Field(page, "Date", message.Date.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture));
        page.Append("</dl>").Append(MessageBody.Render(message, Html.E(Links.Message(address, folder, uid, "/text")), lang));
        var attachments = message.Attachments.ToList();
        if (attachments.Count > 0)
        {
            page.Append("<h2>").Append(lang.T("Pièces jointes", "Attachments")).Append("</h2><ul class=\"attachments\">");
            for (var i = 0; i < attachments.Count; i++)
            {
                var name = FileName(attachments[i], i);
                page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Html.E(Links.Message(address, folder, uid, $"/attachment/{i}"))}\" download>{Html.E(name)}</a></li>");
            }

            page.Append("</ul>");
        }

        Documents(page, message, address, folder, uid, lang);
        return page.ToString();
    }

    /// <summary>The attachment's name as offered for download: its own, or a neutral one.</summary>
    public static string FileName(MimeEntity attachment, int index) =>
        attachment switch
        {
            MimePart { FileName: { Length: > 0 } name } => Path.GetFileName(name),
            MessagePart => $"message-{index + 1}.eml",
            _ => $"piece-jointe-{index + 1}",
        };

    private static void Documents(StringBuilder page, MimeMessage message, string address, string folder, uint uid, Lang lang)
    {
        IReadOnlyList<XdmArchive> archives;
        try
        {
            archives = MssDocuments.Read(message);
        }
        catch (XdmException e)
        {
            page.Append("<p class=\"problem\">").Append(Html.E(lang.T("IHE_XDM illisible : ", "IHE_XDM unreadable: ") + e.Message)).Append("</p>");
            return;
        }

        foreach (var (archive, a) in archives.Select((archive, a) => (archive, a)))
        {
            page.Append("<h2>").Append(lang.T("Documents de santé (IHE_XDM)", "Health documents (IHE_XDM)")).Append("</h2><table class=\"documents\"><thead><tr>")
                .Append("<th>Document</th><th>Type (CODECDA)</th><th>Patient</th><th>INS</th><th>Date</th><th>").Append(lang.T("Auteur", "Author")).Append("</th></tr></thead><tbody>");
            foreach (var (document, d) in archive.Documents.Select((document, d) => (document, d)).Where(x => x.document.Header is not null))
            {
                var header = document.Header!;
                var read = Links.Message(address, folder, uid, $"/document/{a.ToString(CultureInfo.InvariantCulture)}/{d.ToString(CultureInfo.InvariantCulture)}");
                page.Append("<tr><td><a href=\"").Append(Html.E(read)).Append("\">").Append(Html.E(header.Title ?? document.Path)).Append("</a>")
                    .Append("</td><td>").Append(Html.E($"{header.Code.Code} {header.Code.DisplayName}".Trim()))
                    .Append("</td><td>").Append(Html.E($"{header.Patient.FamilyName} {header.Patient.GivenName}".Trim()))
                    .Append("</td><td>").Append(Html.E(header.Patient.Ins))
                    .Append("</td><td>").Append(Html.E(header.EffectiveTime))
                    .Append("</td><td>").Append(Html.E(string.Join(", ", header.Authors)))
                    .Append("</td></tr>");
            }

            page.Append("</tbody></table>");
            foreach (var problem in archive.Problems)
            {
                page.Append("<p class=\"problem\">").Append(Html.E(problem)).Append("</p>");
            }
        }
    }

    private static void Field(StringBuilder page, string name, string value) =>
        page.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(Html.E(value)).Append("</dd>");
}
