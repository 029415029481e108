using System.Text.Json;

namespace OpenMss.Sandbox.Mes;

/// <summary>What the stand-in knows of one patient's exchange with one professional.</summary>
/// <param name="Ended">The professional's last message ended the exchange (X-MSS-MES: FIN or the [FIN] subject).</param>
/// <param name="Messages">The Message-IDs of the professional's last messages, which the patient may answer.</param>
public sealed record MesExchange(string Patient, string Professional, bool Ended, IReadOnlyList<string> Messages);

/// <summary>
/// The stand-in's record of exchanges, kept in one JSON file under the sandbox's directory so that it outlives a
/// restart: written whole to a temporary file, flushed and renamed, by the stand-in only; read by anyone who writes
/// as a patient (the <c>openmss sandbox patient send</c> verb, tests).
/// </summary>
public sealed class MesExchanges(string path)
{
    /// <summary>A patient answers recent messages; older Message-IDs are forgotten beyond this many per exchange.</summary>
    public const int MessagesKept = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _gate = new();

    public string Path => path;

    public MesExchange? Find(string patient, string professional) =>
        Load().FirstOrDefault(e => e.Patient == patient && string.Equals(e.Professional, professional, StringComparison.OrdinalIgnoreCase));

    /// <summary>Records a message of <paramref name="professional"/> to <paramref name="patient"/>: the exchange is open again unless it ends it.</summary>
    public MesExchange Record(string patient, string professional, string? messageId, bool ends)
    {
        lock (_gate)
        {
            var all = Load().ToList();
            var index = all.FindIndex(e => e.Patient == patient && string.Equals(e.Professional, professional, StringComparison.OrdinalIgnoreCase));
            var messages = index < 0 ? [] : all[index].Messages.ToList();
            if (messageId is not null)
            {
                messages.Add(messageId);
            }

            var updated = new MesExchange(patient, professional, ends, [.. messages.TakeLast(MessagesKept)]);
            if (index < 0)
            {
                all.Add(updated);
            }
            else
            {
                all[index] = updated;
            }

            Save(all);
            return updated;
        }
    }

    public IReadOnlyList<MesExchange> Load()
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<List<MesExchange>>(stream, Json) ?? [];
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private void Save(List<MesExchange> all)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, all, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
