using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>
/// <c>openmss whitelist import|show</c> and the serve-time refresh: a list that does not parse or does not match its
/// checksum is refused with one sentence and the list in force stays; HTTPS only, with the CA the operator names.
/// </summary>
public sealed class WhitelistVerbTests : IDisposable
{
    private static readonly string Sample = Path.Combine(Repository.Root, "testdata", "whitelist", "listeblanchemssante.xml");
    private static readonly string SampleChecksum = Path.Combine(Repository.Root, "testdata", "whitelist", "checksum");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Data => _directory.Combine("data");

    private async Task<string> InForceAsync() => (await Cli.RunAsync("--data", Data, "whitelist", "show")).Out.Split('\n')[0];

    [Fact]
    public async Task A_list_is_put_in_force_and_shown_whole_or_by_domain()
    {
        var import = await Cli.RunAsync("--data", Data, "whitelist", "import", Sample, "--checksum", SampleChecksum);
        var all = await Cli.RunAsync("--data", Data, "whitelist", "show");
        var one = await Cli.RunAsync("--data", Data, "whitelist", "show", "Operateur-A.mssante.test");
        var unicode = await Cli.RunAsync("--data", Data, "whitelist", "show", "chu-hébergé.mssante.test");
        var missing = await Cli.RunAsync("--data", Data, "whitelist", "show", "ailleurs.mssante.test");

        import.ExitCode.ShouldBe(0, import.Error);
        import.Out.ShouldStartWith("Whitelist in force: 3 domains, 4 domain-certificate pairs, generated 2026-11-02 06:00:12Z");
        all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(5);
        one.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ShouldBe(
        [
            "operateur-a.mssante.test\tCN=mx.operateur-a.mssante.test,OU=1750000001,O=Operateur A,ST=Paris (75),C=FR",
            "operateur-a.mssante.test\tCN=mx2.operateur-a.mssante.test,OU=1750000001,O=Operateur A,ST=Paris (75),C=FR",
        ]);
        unicode.Out.ShouldContain("xn--chu-hberg-f4ae.mssante.test\tCN=mta.operateur-b.mssante.test");
        (missing.ExitCode, missing.Error.Trim()).ShouldBe((1, "ailleurs.mssante.test is not in the whitelist in force (SHA-256 8c565a27d73b1fcaa17a2f49ba2bc184a3930422f089ffbc63f392854638a596)."));
    }

    [Fact]
    public async Task A_tampered_or_broken_list_is_refused_and_the_previous_one_stays()
    {
        (await Cli.RunAsync("--data", Data, "whitelist", "import", Sample, "--checksum", SampleChecksum)).ExitCode.ShouldBe(0);
        var before = await InForceAsync();
        var tampered = _directory.Combine("tampered.xml");
        await File.WriteAllTextAsync(tampered, (await File.ReadAllTextAsync(Sample)).Replace("mx2.operateur-a", "mx9.operateur-a", StringComparison.Ordinal));
        var broken = _directory.Combine("broken.xml");
        await File.WriteAllTextAsync(broken, "<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\"><ListeDomaines>");

        var wrongChecksum = await Cli.RunAsync("--data", Data, "whitelist", "import", tampered, "--checksum", SampleChecksum);
        var notXml = await Cli.RunAsync("--data", Data, "whitelist", "import", broken);
        var absent = await Cli.RunAsync("--data", Data, "whitelist", "import", _directory.Combine("nowhere.xml"));

        wrongChecksum.ExitCode.ShouldBe(1);
        wrongChecksum.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("The whitelist does not match its checksum (SHA-256 ");
        notXml.ExitCode.ShouldBe(1);
        notXml.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("The whitelist is not well-formed XML");
        absent.ExitCode.ShouldBe(1);
        absent.ErrorLines.ShouldHaveSingleItem().ShouldContain("cannot be read");
        (await InForceAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_list_comes_over_https_with_the_named_ca_and_never_over_http()
    {
        var pki = RunningSandbox.Pki;
        await using var server = await ServeAsync(pki);
        var url = $"https://127.0.0.1:{server.Port}/listeblanchemssante.xml";

        var trusted = await Cli.RunAsync("--data", Data, "whitelist", "import", url, "--checksum", $"https://127.0.0.1:{server.Port}/checksum", "--ca", pki.TrustAnchor);
        var untrusted = await Cli.RunAsync("--data", Data, "whitelist", "import", url);
        var clear = await Cli.RunAsync("--data", Data, "whitelist", "import", $"http://127.0.0.1:{server.ClearPort}/listeblanchemssante.xml");
        var notFound = await Cli.RunAsync("--data", Data, "whitelist", "import", $"https://127.0.0.1:{server.Port}/absent.xml", "--ca", pki.TrustAnchor);

        trusted.ExitCode.ShouldBe(0, trusted.Error);
        (await InForceAsync()).ShouldContain($"from {url}");
        untrusted.ExitCode.ShouldBe(1);
        untrusted.ErrorLines.ShouldHaveSingleItem().ShouldStartWith($"{url} cannot be fetched");
        clear.ErrorLines.ShouldHaveSingleItem().ShouldEndWith("the whitelist is fetched over HTTPS only.");
        notFound.ErrorLines.ShouldHaveSingleItem().ShouldEndWith("answered 404 Not Found.");
    }

    [Fact]
    public async Task Serve_refreshes_the_list_and_keeps_the_last_good_one_when_the_new_one_is_tampered()
    {
        await using var operators = await TwoOperators.CreateAsync();
        await operators.StartAsync(TwoOperators.A, "--Whitelist:RefreshInterval=00:00:00.500");
        await using (var store = await operators.OpenStoreAsync(TwoOperators.A))
        {
            // The refresh runs beside the listeners: the first import may come just after they accept connections.
            var imported = DateTime.UtcNow.AddSeconds(20);
            while (await store.Whitelist.StateAsync(default) is null && DateTime.UtcNow < imported)
            {
                await Task.Delay(100);
            }

            (await store.Whitelist.StateAsync(default)).ShouldNotBeNull().Domains.ShouldBe(2);
        }

        var good = await File.ReadAllBytesAsync(operators.Whitelist.Whitelist);
        await File.WriteAllTextAsync(operators.Whitelist.Whitelist, System.Text.Encoding.UTF8.GetString(good).Replace("Operateur B", "Operateur X", StringComparison.Ordinal));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!operators.Log(TwoOperators.A).Contains("does not match its checksum", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        operators.Log(TwoOperators.A).ShouldContain("Whitelist refresh refused, the previous list stays in force: The whitelist does not match its checksum");
        await using (var store = await operators.OpenStoreAsync(TwoOperators.A))
        {
            (await store.Whitelist.FindAsync(TwoOperators.B.Domain, default)).ShouldBe([TwoOperators.B.WhitelistDn]);
        }
    }

    private sealed class FileServer(WebApplication app, int port, int clearPort) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public int ClearPort { get; } = clearPort;

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }

    /// <summary>The sample list and its checksum over HTTPS (the test PKI's server certificate) and over clear HTTP.</summary>
    private static async Task<FileServer> ServeAsync(Pki.TestPkiLayout pki)
    {
        var (port, clearPort) = (Repository.FreePort(), Repository.FreePort());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var (certificate, chain) = pki.LoadServer();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, ServerCertificateChain = chain }));
            kestrel.Listen(IPAddress.Loopback, clearPort);
        });
        var app = builder.Build();
        app.MapGet("/listeblanchemssante.xml", () => Results.File(Sample, "application/xml"));
        app.MapGet("/checksum", () => Results.File(SampleChecksum, "text/plain"));
        await app.StartAsync();
        return new FileServer(app, port, clearPort);
    }
}
