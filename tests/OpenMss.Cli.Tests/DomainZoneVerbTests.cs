using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary><c>openmss domain zone</c>: the SRV records an operator publishes (ECO.1.1.9), from its Autoconfig settings.</summary>
public sealed class DomainZoneVerbTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_four_srv_records_of_a_hosted_domain_are_printed_in_zone_file_syntax_and_read_back_by_a_resolver_tool()
    {
        var data = _directory.Combine("data");
        (await Cli.RunAsync("--data", data, "domain", "add", "operateur-a.mssante.test")).ExitCode.ShouldBe(0);
        var configured = new Dictionary<string, string>
        {
            ["OPENMSS_Autoconfig__ImapPsc"] = "imap-psc.operateur-a.fr:143",
            ["OPENMSS_Autoconfig__ImapAuthCli"] = "imap-authcli.operateur-a.fr:143",
            ["OPENMSS_Autoconfig__SubmissionPsc"] = "smtp-psc.operateur-a.fr:587",
            ["OPENMSS_Autoconfig__SubmissionAuthCli"] = "smtp-authcli.operateur-a.fr:587",
        };

        var zone = await ProcessRunner.RunAsync(Repository.Wrapper, ["--data", data, "domain", "zone", "operateur-a.mssante.test"], environment: configured);
        var missing = await ProcessRunner.RunAsync(Repository.Wrapper, ["--data", data, "domain", "zone", "other.mssante.test"], environment: configured);
        var unconfigured = await ProcessRunner.RunAsync(Repository.Wrapper, ["--data", data, "domain", "zone", "operateur-a.mssante.test"]);

        zone.ExitCode.ShouldBe(0, zone.Error);
        zone.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ShouldBe(
        [
            "_imap._tcp.operateur-a.mssante.test.\t3600\tIN\tSRV\t10 1 143 imap-psc.operateur-a.fr.",
            "_imap._tcp.operateur-a.mssante.test.\t3600\tIN\tSRV\t20 1 143 imap-authcli.operateur-a.fr.",
            "_submission._tcp.operateur-a.mssante.test.\t3600\tIN\tSRV\t10 1 587 smtp-psc.operateur-a.fr.",
            "_submission._tcp.operateur-a.mssante.test.\t3600\tIN\tSRV\t20 1 587 smtp-authcli.operateur-a.fr.",
        ]);
        zone.Out.ShouldStartWith("; ");
        (missing.ExitCode, missing.Error.Trim()).ShouldBe((1, "other.mssante.test is not a domain hosted here (see 'openmss domain list')."));
        (unconfigured.ExitCode, unconfigured.Error.Trim()).ShouldBe((2, "The SRV records cannot be written: Autoconfig:ImapPsc is not configured (HOST:PORT of that public front)."));
    }
}
