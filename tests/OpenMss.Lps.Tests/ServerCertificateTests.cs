using System.Net;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Lps;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Pki;
using OpenMss.Sandbox;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// What the SDK accepts of an operator's server certificate (ECO.1.1.1, 1.1.5–1.1.7, 1.1.10), against stand-in
/// fronts presenting certificates of a test PKI: the trusted one gets as far as AUTH (which proves the stand-in
/// works), while another CA's, an expired, a revoked, a misnamed one or TLS 1.1 are refused before any AUTH is sent.
/// </summary>
public sealed class ServerCertificateTests(CertificateFixture fixture) : IClassFixture<CertificateFixture>
{
    private readonly TempDirectory _directory = fixture.Directory;
    private readonly TestPkiLayout _pki = fixture.Pki;
    private readonly TestPkiLayout _otherPki = fixture.OtherPki;

    [Theory]
    [InlineData("smtp")]
    [InlineData("imap")]
    public async Task A_trusted_current_unrevoked_certificate_gets_as_far_as_authentication(string protocol)
    {
        var (failure, received) = await TryAsync(protocol, "good");

        failure.ShouldBeOfType<MssTokenRefusedException>(); // the stand-in refuses every token
        received.ShouldContain(l => l.StartsWith("TLS-ESTABLISHED TLSv1.3", StringComparison.Ordinal));
        received.ShouldContain(l => l.Contains("XOAUTH2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("smtp", "foreign", "does not chain to a configured trust anchor")]
    [InlineData("imap", "foreign", "does not chain to a configured trust anchor")]
    [InlineData("smtp", "expired", "expired or not yet valid")]
    [InlineData("imap", "expired", "expired or not yet valid")]
    [InlineData("smtp", "revoked", "is revoked")]
    [InlineData("imap", "revoked", "is revoked")]
    [InlineData("smtp", "misnamed", "does not name the host")]
    [InlineData("smtp", "no-crl", "names no CRL distribution point")]
    public async Task A_certificate_the_sdk_must_not_trust_is_refused_before_any_auth(string protocol, string certificate, string reason)
    {
        var (failure, received) = await TryAsync(protocol, certificate, other: certificate == "foreign");

        var refused = failure.ShouldBeOfType<MssServerCertificateException>();
        refused.Message.ShouldContain(reason);
        refused.Action.ShouldBe(MssAction.FixConfiguration);
        received.ShouldNotContain(l => l.Contains("AUTH", StringComparison.OrdinalIgnoreCase) && !l.Contains("STARTTLS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_last_good_crl_stays_in_use_while_its_distribution_point_is_down_and_none_means_refused()
    {
        var cache = _directory.Combine("crl-cache");
        var (first, _) = await TryAsync("smtp", "good", cacheDirectory: cache);
        await fixture.Crl.DisposeAsync();
        var (second, received) = await TryAsync("smtp", "good", cacheDirectory: cache); // a new client: the CRL comes from the cache directory
        var (without, noAuth) = await TryAsync("smtp", "good");
        fixture.Crl = await SandboxCrlServer.StartAsync(_pki, fixture.CrlPort, CancellationToken.None);

        first.ShouldBeOfType<MssTokenRefusedException>();
        second.ShouldBeOfType<MssTokenRefusedException>();
        received.ShouldContain(l => l.Contains("XOAUTH2", StringComparison.Ordinal));
        without.ShouldBeOfType<MssServerCertificateException>().Message.ShouldContain("revocation status");
        noAuth.ShouldNotContain(l => l.Contains("XOAUTH2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tls_1_1_server_is_refused_before_any_auth()
    {
        var record = _directory.Combine($"tls11-{Guid.NewGuid():N}.log");
        await using var front = await StandInFront.StartAsync("smtp", Path.Combine(_pki.Directory, "good.pem"), Path.Combine(_pki.Directory, "good.key"), record, tlsMax: "1.1");

        // The stand-in really speaks TLS 1.1 to a client that allows it...
        var openssl = await ProcessRunner.RunAsync("openssl", ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{front.Port}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", _pki.TrustAnchor], timeout: TimeSpan.FromSeconds(30));
        (openssl.Out + openssl.Error).ShouldContain("TLSv1.1");

        // ...and the SDK will not.
        using var client = new MssClient(Options(other: false, cacheDirectory: null));
        await using var bal = client.OpenPsc("someone@operateur.test", BalType.Per, Tokens(), Endpoints(front.Port));
        var failure = await Should.ThrowAsync<MssConfigurationException>(() => bal.SendAsync(SandboxSessionTests.Message("someone@operateur.test", "tls")));

        failure.Message.ShouldContain("TLS 1.2 or 1.3");
        front.Received.ShouldNotContain(l => l.Contains("XOAUTH2", StringComparison.Ordinal));
    }

    private async Task<(Exception? Failure, IReadOnlyList<string> Received)> TryAsync(string protocol, string certificate, bool other = false, string? cacheDirectory = null)
    {
        var issuer = other ? _otherPki : _pki;
        var record = _directory.Combine($"{protocol}-{certificate}-{Guid.NewGuid():N}.log");
        await using var front = await StandInFront.StartAsync(protocol, Path.Combine(issuer.Directory, certificate + ".pem"), Path.Combine(issuer.Directory, certificate + ".key"), record);
        using var client = new MssClient(Options(other: false, cacheDirectory));
        await using var bal = client.OpenPsc("someone@operateur.test", BalType.Per, Tokens(), Endpoints(front.Port));
        try
        {
            if (protocol == "smtp")
            {
                await bal.SendAsync(SandboxSessionTests.Message("someone@operateur.test", "trust"));
            }
            else
            {
                await bal.ListNewAsync();
            }

            return (null, front.Received);
        }
        catch (MssException e)
        {
            return (e, front.Received);
        }
    }

    private MssClientOptions Options(bool other, string? cacheDirectory)
    {
        var options = new MssClientOptions { Nil = "OPENMSS-TEST-1", Timeout = TimeSpan.FromSeconds(20), RetryDelays = [] };
        options.Trust.AddRootsFromPem((other ? _otherPki : _pki).TrustAnchor);
        options.Trust.CrlCacheDirectory = cacheDirectory;
        return options;
    }

    private static MssEndpoints Endpoints(int port) => MssEndpoints.Explicit(new ServiceEndpoint("127.0.0.1", port), new ServiceEndpoint("127.0.0.1", port));

    private static PscTokenSource Tokens() => PscTokenSource.Create((_, _) => Task.FromResult(new PscAccessToken("eyJ.stand-in.token", DateTimeOffset.UtcNow.AddMinutes(2))));
}

/// <summary>
/// A test PKI made two years ago (so that an expired server certificate can be issued from it), another PKI, server
/// certificates of every kind, and the first PKI's CRL served over HTTP, listing the revoked one.
/// </summary>
public sealed class CertificateFixture : IAsyncLifetime
{
    private static readonly string[] Hosts = ["localhost", "127.0.0.1"];

    public TempDirectory Directory { get; } = new();

    public TestPkiLayout Pki { get; private set; } = null!;

    public TestPkiLayout OtherPki { get; private set; } = null!;

    public SandboxCrlServer Crl { get; set; } = null!;

    public int CrlPort { get; } = Repository.FreePort();

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        Pki = TestPki.Init(Directory.Combine("pki"), Hosts, TestPki.DefaultClient, now.AddYears(-2));
        OtherPki = TestPki.Init(Directory.Combine("other"), Hosts, TestPki.DefaultClient, now);
        var crlUrl = SandboxCrlServer.UrlFor(CrlPort);
        TestPkiServers.Issue(Pki, "good", Hosts, crlUrl, now).Dispose();
        TestPkiServers.Issue(Pki, "expired", Hosts, crlUrl, now.AddDays(-400)).Dispose();
        TestPkiServers.Issue(Pki, "misnamed", ["operator.elsewhere.test"], crlUrl, now).Dispose();
        TestPkiServers.Issue(Pki, "no-crl", Hosts, null, now).Dispose();
        TestPkiServers.Issue(OtherPki, "foreign", Hosts, crlUrl, now).Dispose();
        using var revoked = TestPkiServers.Issue(Pki, "revoked", Hosts, crlUrl, now);
        TestPkiServers.PublishCrl(Pki, [revoked], now);
        Crl = await SandboxCrlServer.StartAsync(Pki, CrlPort, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Crl.DisposeAsync();
        Directory.Dispose();
    }
}
