using System.Text.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using OpenMss.Operator.Annuaire;

namespace OpenMss.Sandbox.Annuaire;

/// <summary>The answer to a declaration, as the Annuaire's write endpoint gives it (spec §7.1).</summary>
public enum PatchOutcome
{
    Applied,
    /// <summary>400: the patch is not one the stand-in understands.</summary>
    BadPatch,
}

/// <summary>
/// The stand-in's state: the holders it knows, the BALs operators declared on them (kept in a file, so a restarted
/// sandbox still publishes them), and what it may show. Every interface (FHIR, LDAP, extraction) reads
/// <see cref="Published"/>, which leaves out the liste rouge (spec §6.4); unpublished and deleted BALs are not there
/// at all, their operator having withdrawn them.
/// </summary>
public sealed partial class AnnuaireRegistry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AnnuaireHolder> _holders;
    private readonly Dictionary<string, DeclaredBal> _bals;
    private readonly string _file;

    public AnnuaireRegistry(IEnumerable<AnnuaireHolder> holders, string file)
    {
        _holders = holders.ToDictionary(h => h.Id, StringComparer.Ordinal);
        _file = file;
        _bals = File.Exists(file)
            ? (JsonSerializer.Deserialize<List<DeclaredBal>>(File.ReadAllText(file), Json) ?? []).ToDictionary(b => b.Address, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, DeclaredBal>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Raised after each applied change, outside the lock (the LDAP copy follows it).</summary>
    public event Action? Changed;

    public AnnuaireHolder? FindHolder(string resourceType, string system, string value)
    {
        var id = (resourceType, system) switch
        {
            ("Practitioner", MailboxFhir.IdNatSystem) => value,
            ("Organization", MailboxFhir.FinessSystem) => "1" + value,
            ("Organization", MailboxFhir.IdNatStrucSystem) => value,
            _ => null,
        };
        return id is not null && _holders.TryGetValue(id, out var holder) && holder.IsPerson == (resourceType == "Practitioner") ? holder : null;
    }

    /// <summary>Applies a FHIRPath Patch of telecom deletions and additions to one holder, all or nothing.</summary>
    public PatchOutcome Apply(AnnuaireHolder holder, Parameters patch)
    {
        var deletions = new List<string>();
        var additions = new List<DeclaredBal>();
        foreach (var operation in patch.Parameter)
        {
            string? Part(string name) => operation.Part.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
            switch (operation.Name, Part("type"))
            {
                case ("operation", "delete") when TelecomPath().Match(Part("path") ?? "") is { Success: true } match:
                    deletions.Add(match.Groups["address"].Value.Replace("\\'", "'", StringComparison.Ordinal));
                    break;
                case ("operation", "add") when Part("name") == "telecom" && operation.Part.FirstOrDefault(p => p.Name == "value")?.Value is ContactPoint point && MailboxFhir.IsMailbox(point) && point.Value is { Length: > 0 } address:
                    var (type, listeRouge) = MailboxFhir.Metadata(point);
                    additions.Add(new DeclaredBal(address, type ?? "PER", holder.Id, listeRouge));
                    break;
                default:
                    return PatchOutcome.BadPatch;
            }
        }

        lock (_lock)
        {
            foreach (var address in deletions)
            {
                if (_bals.TryGetValue(address, out var bal) && bal.HolderId == holder.Id)
                {
                    _bals.Remove(address);
                }
            }

            foreach (var bal in additions)
            {
                _bals[bal.Address] = bal;
            }

            Save();
        }

        Changed?.Invoke();
        return PatchOutcome.Applied;
    }

    /// <summary>What the Annuaire shows: declared BALs not on the liste rouge, with their holders, by address.</summary>
    public IReadOnlyList<PublishedBal> Published()
    {
        lock (_lock)
        {
            return [.. _bals.Values.Where(b => !b.ListeRouge && _holders.ContainsKey(b.HolderId))
                .OrderBy(b => b.Address, StringComparer.Ordinal)
                .Select(b => new PublishedBal(b.Address, b.Type, _holders[b.HolderId]))];
        }
    }

    /// <summary>Every declaration, liste rouge included: for tests and for the sandbox's own checks, never served.</summary>
    public IReadOnlyList<DeclaredBal> Declared()
    {
        lock (_lock)
        {
            return [.. _bals.Values.OrderBy(b => b.Address, StringComparer.Ordinal)];
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        var temporary = _file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_bals.Values.OrderBy(b => b.Address, StringComparer.Ordinal).ToList(), Json));
        File.Move(temporary, _file, overwrite: true);
    }

    [GeneratedRegex(@"^(Practitioner|Organization)\.telecom\.where\(value = '(?<address>(?:[^'\\]|\\.)*)'\)$")]
    private static partial Regex TelecomPath();
}
