using System.Net;
using OpenMss.TestSupport;

namespace OpenMss.Psc.Sandbox.Tests;

/// <summary>Test identities and clients from a JSON file, checked before the sandbox starts; loopback only.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_directory_file_replaces_the_identities_and_keeps_the_default_clients()
    {
        var file = Write("""
            {
              // comments are allowed
              "identities": [
                { "idNat": "810009999999", "givenName": "Léa", "familyName": "PETIT", "civilite": "MME", "professionCode": "50",
                  "structures": [ { "name": "CABINET PETIT", "modeExercice": "L" } ] }
              ]
            }
            """);

        var directory = SandboxDirectory.Load(file);

        directory.Identities.ShouldHaveSingleItem().FamilyName.ShouldBe("PETIT");
        directory.Identities[0].Structures.ShouldHaveSingleItem().ModeExercice.ShouldBe("L");
        directory.Clients.Select(c => c.ClientId).ShouldBe(SandboxDirectory.Defaults.Clients.Select(c => c.ClientId));
    }

    [Theory]
    [InlineData("""{ "identities": [ { "idNat": "1", "givenName": "A", "familyName": "B" }, { "idNat": "1", "givenName": "C", "familyName": "D" } ] }""", "appears more than once")]
    [InlineData("""{ "identitees": [] }""", "not a valid sandbox directory")]
    [InlineData("""{ "clients": [ { "clientId": "c", "secret": "short" } ] }""", "shorter than 8")]
    [InlineData("""{ "clients": [ { "clientId": "c", "secret": "long-enough", "redirectUris": ["/relative"] } ] }""", "not an absolute http(s) URI")]
    public void A_bad_directory_file_is_refused_in_one_sentence(string json, string problem)
    {
        Should.Throw<SandboxConfigurationException>(() => SandboxDirectory.Load(Write(json))).Message.ShouldContain(problem);
    }

    [Fact]
    public async Task The_sandbox_refuses_to_listen_beyond_loopback()
    {
        var refused = await Should.ThrowAsync<SandboxConfigurationException>(() => PscSandbox.StartAsync(new SandboxSettings { Address = IPAddress.Any }, TimeProvider.System));

        refused.Message.ShouldContain("loopback only");
    }

    private string Write(string json)
    {
        var path = _directory.Combine("directory.json");
        File.WriteAllText(path, json);
        return path;
    }
}
