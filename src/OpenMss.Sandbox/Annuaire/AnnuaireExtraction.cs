using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace OpenMss.Sandbox.Annuaire;

/// <summary>
/// The public extraction « Extraction_Correspondance_MSSante » (spec §7.3): a ZIP holding one UTF-8 text file,
/// '|'-separated, one header line and the 31 columns, PER and ORG BALs only (never APP), never the liste rouge.
/// </summary>
public static class AnnuaireExtraction
{
    public static readonly string[] Columns =
    [
        "Type de BAL", "Adresse BAL", "Type Identifiant PP", "Identifiant PP", "Identification nationale PP", "Type identifiant structure",
        "Identification Structure", "Service de rattachement", "Civilité d'exercice", "Nom d'exercice", "Prénom d'exercice", "Catégorie profession",
        "Libellé de catégorie profession", "Code Profession", "Libellé Profession", "Code savoir-faire", "Libellé savoir-faire", "Dématérialisation",
        "Raison Sociale structure BAL", "Enseigne commerciale structure BAL", "L2COMPLEMENTLOCALISATION structure BAL", "L3COMPLEMENTDISTRIBUTION structure BAL",
        "L4NUMEROVOIE structure BAL", "L4COMPLEMENTNUMEROVOIE structure BAL", "NL4TYPEVOIE structure BAL", "L4LIBELLEVOIE structure BAL",
        "L5LIEUDITMENTION structure BAL", "L6LIGNEACHEMINEMENT structure BAL", "Code postal structure BAL", "Département structure BAL", "Pays structure BAL",
    ];

    public static string FileName(DateTimeOffset at) => $"Extraction_Correspondance_MSSante_{at.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}.txt";

    public static string Text(IEnumerable<PublishedBal> published)
    {
        var text = new StringBuilder(string.Join('|', Columns)).Append("\r\n");
        foreach (var bal in published.Where(b => b.Type is "PER" or "ORG"))
        {
            var h = bal.Holder;
            var person = bal.Type == "PER";
            string[] row =
            [
                bal.Type, bal.Address, person ? h.Id[..1] : "", person ? h.Id[1..] : "", person ? h.Id : "", h.StructureId[..1], h.StructureId[1..], "",
                person ? h.Civility ?? "" : "", person ? h.FamilyName ?? "" : "", person ? h.GivenName ?? "" : "", person ? "C" : "", person ? "Civil" : "",
                person ? h.ProfessionCode ?? "" : "", person ? h.Profession ?? "" : "", "", person ? h.SavoirFaire ?? "" : "", "", h.StructureName, "",
                "", "", "", "", "", h.Street, "", $"{h.PostalCode} {h.City}", h.PostalCode, h.Department, "FRANCE",
            ];
            // '|' cannot be escaped in this format: a value holding one would shift every column after it.
            text.Append(string.Join('|', row.Select(v => v.Replace('|', '/')))).Append("\r\n");
        }

        return text.ToString();
    }

    public static byte[] Zip(IEnumerable<PublishedBal> published, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(FileName(at), CompressionLevel.Optimal);
            using var stream = entry.Open();
            var bytes = new UTF8Encoding(false).GetBytes(Text(published));
            stream.Write(bytes);
        }

        return buffer.ToArray();
    }
}
