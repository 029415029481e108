using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// The test identities and registered clients, from a JSON file or the defaults. The defaults' secrets are public
/// knowledge: they open nothing but this sandbox.
/// </summary>
public sealed record SandboxDirectory
{
    /// <summary>The operators' introspection client.</summary>
    public const string OperatorClientId = "openmss-operateur";

    /// <summary>An LPS intermediate server: code flow (PKCE) and CIBA.</summary>
    public const string LpsClientId = "lps-editeur";

    /// <summary>What <c>openmss psc token</c> uses (CIBA, approved by the sandbox itself).</summary>
    public const string ScriptsClientId = "openmss-scripts";

    /// <summary>The operator's webmail (a confidential web client: authorization code with PKCE).</summary>
    public const string WebmailClientId = "openmss-webmail";

    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public IReadOnlyList<TestIdentity> Identities { get; init; } = [];

    public IReadOnlyList<TestClient> Clients { get; init; } = [];

    public static SandboxDirectory Defaults { get; } = new()
    {
        Identities =
        [
            new TestIdentity
            {
                IdNat = "810001234567", Civilite = "DR", GivenName = "Jean", FamilyName = "DUPONT", ProfessionCode = "10", SavoirFaire = "SM26",
                Email = "jean.dupont@test.mssante.fr",
                Structures = [new TestStructure { Name = "CENTRE HOSPITALIER DE TEST", IdNatStruc = "1750000001", Finess = "750000001" }],
            },
            new TestIdentity
            {
                IdNat = "810002345678", Civilite = "MME", GivenName = "Marie", FamilyName = "MARTIN", ProfessionCode = "60",
                Structures = [new TestStructure { Name = "CENTRE HOSPITALIER DE TEST", IdNatStruc = "1750000001", Finess = "750000001" }],
            },
            new TestIdentity
            {
                IdNat = "810003456789", Civilite = "M", GivenName = "Paul", FamilyName = "BERNARD", ProfessionCode = "21",
                Structures = [new TestStructure { Name = "PHARMACIE DU TEST", IdNatStruc = "3750000002", Siret = "75000000200011", ModeExercice = "L", SecteurActivite = "SA33" }],
            },
            new TestIdentity { IdNat = "ANS20231122132732", Civilite = "MME", GivenName = "Claire", FamilyName = "DURAND", ProfessionCode = "40" },
        ],
        Clients =
        [
            new TestClient { ClientId = OperatorClientId, Secret = "sandbox-operateur-secret" },
            new TestClient
            {
                ClientId = LpsClientId, Secret = "sandbox-lps-secret", Ciba = true,
                RedirectUris = ["http://127.0.0.1/callback", "http://localhost/callback"],
                PostLogoutRedirectUris = ["http://127.0.0.1/", "http://localhost/"],
            },
            new TestClient { ClientId = ScriptsClientId, Secret = "sandbox-scripts-secret", Ciba = true },
            new TestClient
            {
                ClientId = WebmailClientId, Secret = "sandbox-webmail-secret",
                RedirectUris = ["https://127.0.0.1/signin-oidc", "https://localhost/signin-oidc"],
                PostLogoutRedirectUris = ["https://127.0.0.1/signout-callback-oidc", "https://localhost/signout-callback-oidc"],
            },
        ],
    };

    /// <summary>Reads a directory file: <c>{"identities": [...], "clients": [...]}</c>; an absent list keeps the defaults'.</summary>
    public static SandboxDirectory Load(string path)
    {
        SandboxDirectory? read;
        try
        {
            using var stream = File.OpenRead(path);
            read = JsonSerializer.Deserialize<SandboxDirectory>(stream, FileFormat);
        }
        catch (JsonException e)
        {
            throw new SandboxConfigurationException($"{path} is not a valid sandbox directory: {e.Message}", e);
        }

        read ??= new SandboxDirectory();
        var directory = new SandboxDirectory
        {
            Identities = read.Identities.Count > 0 ? read.Identities : Defaults.Identities,
            Clients = read.Clients.Count > 0 ? read.Clients : Defaults.Clients,
        };
        directory.Check();
        return directory;
    }

    public TestIdentity? FindIdentity(string idNat) => Identities.FirstOrDefault(i => string.Equals(i.IdNat, idNat, StringComparison.Ordinal));

    public TestClient? FindClient(string clientId) => Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    public void Check()
    {
        Unique(Identities.Select(i => i.IdNat), "identity IdNat");
        Unique(Clients.Select(c => c.ClientId), "client id");
        foreach (var client in Clients)
        {
            if (client.Secret.Length < 8)
            {
                throw new SandboxConfigurationException($"The secret of client {client.ClientId} is shorter than 8 characters.");
            }

            foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris).Append(client.BackchannelLogoutUri).OfType<string>())
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Fragment.Length > 0)
                {
                    throw new SandboxConfigurationException($"Client {client.ClientId}: '{uri}' is not an absolute http(s) URI without fragment.");
                }
            }
        }
    }

    private static void Unique(IEnumerable<string> values, string what)
    {
        var duplicate = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key));
        if (duplicate is not null)
        {
            throw new SandboxConfigurationException($"The {what} '{duplicate.Key}' is empty or appears more than once.");
        }
    }
}

public sealed class SandboxConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
