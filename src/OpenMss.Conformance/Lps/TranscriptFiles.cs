using System.Globalization;
using System.Text;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Lps;

/// <summary>Writes every recorded session (redacted as recorded) and the DNS questions as text files: the evidence behind the report, whole.</summary>
public static class TranscriptFiles
{
    public static void Write(ObservationLog log, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var session in log.Sessions)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{session.Name} ({session.Protocol}) from {session.Remote}, {session.Started:yyyy-MM-dd HH:mm:ss.fff} UTC\n");
            foreach (var line in session.Transcript)
            {
                text.Append(line).Append('\n');
            }

            File.WriteAllText(Path.Combine(directory, $"{session.Id.ToString("D4", CultureInfo.InvariantCulture)}-{session.Listener}.txt"), text.ToString());
        }

        File.WriteAllLines(Path.Combine(directory, "dns.txt"), log.DnsQueries.Select(q => $"{q.At:yyyy-MM-dd HH:mm:ss.fff} {q.Query.Type} {q.Query.Name} from {q.Query.From}"));
    }
}
