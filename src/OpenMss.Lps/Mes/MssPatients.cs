using MimeKit;
using MimeKit.Text;

namespace OpenMss.Lps.Mes;

/// <summary>
/// Mon espace santé's rules (spec §8): patient addresses <c>&lt;matricule INS&gt;@patient.mssante.fr</c>, messages
/// under 25 MB, the end of an exchange (<c>X-MSS-MES: FIN</c>, or the older <c>[FIN]</c> subject), read receipts
/// by MDN, and patients' HTML-only messages turned into plain text for the LPS.
/// </summary>
public static class MssPatients
{
    /// <summary>The production domain of patients' addresses.</summary>
    public const string ProductionDomain = "patient.mssante.fr";

    /// <summary>Mon espace santé accepts messages smaller than this (spec §8: under 25 MB in all).</summary>
    public const long MaxMessageBytes = 25L * 1024 * 1024;

    /// <summary>The header that ends an exchange with a patient (Ref#2 v1.0.1, ECO.2.2.8).</summary>
    public const string MesHeader = "X-MSS-MES";

    /// <summary>True for <c>&lt;15-character INS matricule&gt;@&lt;a patient domain&gt;</c>.</summary>
    public static bool IsPatientAddress(string address, IEnumerable<string>? patientDomains = null)
    {
        if (address is null)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at != 15)
        {
            return false;
        }

        var domain = address.Substring(at + 1);
        var local = address.Substring(0, at);
        return (patientDomains ?? [ProductionDomain]).Any(d => string.Equals(d, domain, StringComparison.OrdinalIgnoreCase))
            && local.All(c => char.IsDigit(c) || c is 'A' or 'B' or 'a' or 'b');
    }

    /// <summary>The patient's address from a qualified INS matricule (ECO.2.2.6).</summary>
    public static string Address(string insMatricule, string domain = ProductionDomain) =>
        insMatricule is { Length: 15 } ? insMatricule + "@" + domain : throw new ArgumentException("An INS matricule has 15 characters.", nameof(insMatricule));

    /// <summary>
    /// Ends the exchange with the patient: <c>X-MSS-MES: FIN</c>; with <paramref name="legacySubject"/>, also the
    /// <c>[FIN]</c> subject the first MES rule asked for.
    /// </summary>
    public static void EndExchange(MimeMessage message, bool legacySubject = false)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        message.Headers.Remove(MesHeader);
        message.Headers.Add(MesHeader, "FIN");
        if (legacySubject && !(message.Subject ?? "").StartsWith("[FIN]", StringComparison.Ordinal))
        {
            message.Subject = "[FIN] " + message.Subject;
        }
    }

    /// <summary>Asks for a read receipt (RFC 8098): MES answers with an MDN, never a DSN.</summary>
    public static void RequestReadReceipt(MimeMessage message, string bal)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        message.Headers.Remove(HeaderId.DispositionNotificationTo);
        message.Headers.Add(HeaderId.DispositionNotificationTo, bal);
    }

    /// <summary>Whether a received message comes from a patient (ECO.3.1.1), and the name MES gave in From.</summary>
    public static bool IsFromPatient(MimeMessage message, IEnumerable<string>? patientDomains = null) =>
        message?.From.Mailboxes.FirstOrDefault() is { } from && IsPatientAddress(from.Address, patientDomains);

    /// <summary>The text of a message for re-import into an LPS: its text part, or its HTML turned into text (MES sends HTML only).</summary>
    public static string PlainText(MimeMessage message)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        if (message.TextBody is { } text)
        {
            return text;
        }

        return message.HtmlBody is { } html ? HtmlText(html) : string.Empty;
    }

    /// <summary>The text of HTML: data kept, entities decoded, a line break for each block, script and style dropped.</summary>
    private static string HtmlText(string html)
    {
        var text = new System.Text.StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var skipping = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style:
                    skipping += tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1;
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Br || (tag.IsEndTag && tag.Id is HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3):
                    text.Append('\n');
                    break;
                case HtmlDataToken data when skipping == 0:
                    text.Append(data.Data);
                    break;
            }
        }

        var lines = text.ToString().Split('\n').Select(l => string.Join(" ", l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return string.Join("\n", lines).Trim();
    }
}
