using System.Text.Json;
using OpenMss.Psc.Sandbox;

namespace OpenMss.Cli.Sandbox;

/// <summary>
/// <c>DIR/sandbox.json</c> (DESIGN.md §5): what scripts read to reach a running sandbox. Written last, once every
/// listener accepts connections, atomically (temporary file, fsync, rename) and readable by its owner only, since it
/// holds the sandbox clients' secrets; removed at a clean stop.
/// </summary>
internal sealed record SandboxManifest(
    PscSandboxDescription Psc, string Ca, IReadOnlyList<SandboxManifest.OperatorEntry> Operators, IReadOnlyList<SandboxManifest.AccountEntry> Accounts, string? Dns = null, string? Crl = null, IReadOnlyList<string>? Responders = null, SandboxManifest.PatientsSection? Patients = null, string? Gateway = null, SandboxManifest.AnnuaireSection? Annuaire = null, string? Webmail = null)
{
    public const string FileName = "sandbox.json";

    /// <summary>What <c>openmss conformance lps</c> writes in its directory: the same <c>psc</c>, <c>ca</c>, <c>dns</c> and <c>accounts</c>.</summary>
    public const string ConformanceFileName = "conformance.json";

    public sealed record FrontPair(string Psc, string Authcli);

    /// <param name="Ldap">ldap://HOST:PORT of the stand-in's slapd; null when slapd is not installed.</param>
    public sealed record AnnuaireSection(string? Ldap, string Base, string Fhir, string Extraction);

    /// <param name="Mta">The inter-operator MTA's listener (HOST:PORT).</param>
    /// <param name="Store">What the store verbs take as --data to act on this operator while the sandbox runs.</param>
    /// <param name="Console">The operator console's URL; <paramref name="ConsoleLogin"/> is the sandbox's administrator on it.</param>
    public sealed record OperatorEntry(string Domain, FrontPair Imap, FrontPair Submission, string? Mta = null, string? Store = null, string? Console = null, ConsoleLoginEntry? ConsoleLogin = null);

    public sealed record ConsoleLoginEntry(string User, string Password);

    public sealed record AccountEntry(
        string Address, string Type, string? IdNat = null, string? IdNatStruc = null, IReadOnlyList<string>? AuthorizedIdNats = null, string? Certificate = null, string? Key = null);

    /// <param name="AutomaticAnswer">The BAL that answers every message, as MES's <c>reponse.automatique-test@</c>.</param>
    public sealed record PatientsSection(string Domain, IReadOnlyList<PatientEntry> Accounts, string AutomaticAnswer);

    /// <param name="Name">As Mon espace santé writes it in From: first name, last name.</param>
    public sealed record PatientEntry(string Address, string Ins, string Name);

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>Removes DIR/sandbox.json: on a clean stop, and on start in case a killed run left one that would point scripts at nothing.</summary>
    public static void Remove(string directory) => File.Delete(PathIn(directory));

    public void Write(string directory)
    {
        var target = PathIn(directory);
        var temporary = target + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, Json.Options);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>
    /// Reads DIR/sandbox.json, or DIR/conformance.json (the conformance tool's, shaped alike), or says in one
    /// sentence why there is no running sandbox there.
    /// </summary>
    public static SandboxManifest Read(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path) && File.Exists(Path.Combine(directory, ConformanceFileName)))
        {
            path = Path.Combine(directory, ConformanceFileName);
        }
        else if (!File.Exists(path))
        {
            throw new UsageException($"No running sandbox in {directory}: {path} does not exist (start one with 'openmss sandbox --data {directory}').");
        }

        try
        {
            return JsonSerializer.Deserialize<SandboxManifest>(File.ReadAllText(path), Json.Options)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not a sandbox description: {e.Message}");
        }
    }
}
