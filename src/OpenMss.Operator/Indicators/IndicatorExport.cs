using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Indicators;

/// <summary>What an export wrote.</summary>
public sealed record IndicatorExportResult(IReadOnlyList<string> MessageFiles, long MessageRows, IReadOnlyList<string> ConnectionFiles, long ConnectionRows);

/// <summary>
/// The operator's usage-indicator files for a period (spec §5.2, choices of §13 #8 in docs/decisions.md):
/// <list type="bullet">
/// <item><c>INDICATEURS_MESSAGES_{period}_NNN.csv</c>: MAIL_ID;EXPEDITEUR;DESTINATAIRE;DATE;TAILLE;INS;CODECDA;NIL, one row per
/// submitted message and recipient, TAILLE in kilobytes rounded up, DATE in UTC;</item>
/// <item><c>INDICATEURS_CONNEXIONS_{period}_NNN.csv</c>: ADRESSE_BAL;DATE, the last authentication of every BAL not
/// deleted, empty when it never authenticated.</item>
/// </list>
/// UTF-8 without BOM, CRLF, streamed row by row from the store (constant memory), each part under the size limit.
/// </summary>
public sealed class IndicatorExport(IMailStore store, long maxPartBytes = IndicatorExport.AnsMaxFileBytes)
{
    /// <summary>The largest file ANS accepts today (seed 000 #6), with a margin for what a transfer adds.</summary>
    public const long AnsMaxFileBytes = 69L * 1000 * 1000;

    public const string MessagesHeader = "MAIL_ID;EXPEDITEUR;DESTINATAIRE;DATE;TAILLE;INS;CODECDA;NIL\r\n";
    public const string ConnectionsHeader = "ADRESSE_BAL;DATE\r\n";
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    public async Task<IndicatorExportResult> ExportAsync(ExportPeriod period, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var line = new DelimitedLine();

        await using var messages = new PartedFileWriter(directory, $"INDICATEURS_MESSAGES_{period.Label}", MessagesHeader, maxPartBytes);
        await foreach (var row in store.Submissions.StreamIndicatorsAsync(period.From, period.To, cancellationToken))
        {
            line.Clear();
            line.Add(row.MailId).Add(row.Sender).Add(row.Recipient).Add(row.Submitted.UtcDateTime, DateFormat).Add(Kilobytes(row.Size))
                .Add(row.Ins).Add(row.CodeCda).Add(row.Nil);
            await messages.WriteAsync(line, cancellationToken);
        }

        await messages.CompleteAsync(cancellationToken);

        await using var connections = new PartedFileWriter(directory, $"INDICATEURS_CONNEXIONS_{period.Label}", ConnectionsHeader, maxPartBytes);
        await foreach (var bal in store.Directory.StreamActivityAsync(cancellationToken))
        {
            if (bal.Status == BalStatus.Deleted)
            {
                continue;
            }

            line.Clear();
            line.Add(bal.Address);
            if (bal.LastAuthentication is { } last)
            {
                line.Add(last.UtcDateTime, DateFormat);
            }
            else
            {
                line.Add(null);
            }

            await connections.WriteAsync(line, cancellationToken);
        }

        await connections.CompleteAsync(cancellationToken);
        RemoveStaleParts(directory, $"INDICATEURS_MESSAGES_{period.Label}", messages.Parts.Count);
        RemoveStaleParts(directory, $"INDICATEURS_CONNEXIONS_{period.Label}", connections.Parts.Count);
        return new IndicatorExportResult(messages.Parts, messages.Lines, connections.Parts, connections.Lines);
    }

    /// <summary>TAILLE in kilobytes (1,024 bytes) rounded up, as ANS's examples (21, 92) suggest: a message is never 0.</summary>
    public static long Kilobytes(long bytes) => (bytes + 1023) / 1024;

    /// <summary>A second export of a period may need fewer parts than the first: the first's extra parts must not stay behind.</summary>
    private static void RemoveStaleParts(string directory, string prefix, int kept)
    {
        for (var part = kept + 1; File.Exists(Path.Combine(directory, $"{prefix}_{part:D3}.csv")); part++)
        {
            File.Delete(Path.Combine(directory, $"{prefix}_{part:D3}.csv"));
        }
    }
}
