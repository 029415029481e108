using System.Security.Cryptography.X509Certificates;
using OpenMss.TestSupport;

namespace OpenMss.Pki.Tests;

public sealed class TestPkiTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private TestPkiLayout Init(string sub = "pki") =>
        TestPki.Init(_directory.Combine(sub), TestPki.DefaultServerHosts, TestPki.DefaultClient, Now);

    [Fact]
    public void The_client_certificate_subject_reads_as_the_mssante_dn()
    {
        var layout = Init();

        using var client = X509Certificate2.CreateFromPemFile(layout.ClientCertificate("app"), layout.ClientKey("app"));

        client.Subject.ShouldBe("CN=OpenMSS TEST Logiciel DPI, OU=1750000001, O=Centre Hospitalier de Test, S=Paris (75), C=FR");
        client.HasPrivateKey.ShouldBeTrue();
        client.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value.ShouldBe("1.3.6.1.5.5.7.3.2");
        client.Issuer.ShouldContain("TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS");
    }

    [Fact]
    public void Client_and_server_chains_validate_against_the_trust_anchor_alone()
    {
        var layout = Init();
        var anchor = X509Certificate2.CreateFromPem(File.ReadAllText(layout.TrustAnchor));

        Validates(layout.ClientCertificate("app"), anchor).ShouldBeTrue();
        Validates(layout.Server, anchor).ShouldBeTrue();

        var stranger = Init("other");
        Validates(stranger.Server, anchor).ShouldBeFalse();
    }

    [Fact]
    public async Task Openssl_verifies_the_chains_too()
    {
        var layout = Init();

        var client = await ProcessRunner.RunAsync("openssl", ["verify", "-CAfile", layout.TrustAnchor, "-untrusted", layout.OrganisationsCa, "-purpose", "sslclient", layout.ClientCertificate("app")]);
        var server = await ProcessRunner.RunAsync("openssl", ["verify", "-CAfile", layout.TrustAnchor, "-untrusted", layout.ServersCa, "-purpose", "sslserver", layout.Server]);
        var subject = await ProcessRunner.RunAsync("openssl", ["x509", "-in", layout.ClientCertificate("app"), "-noout", "-subject", "-nameopt", "RFC2253"]);

        client.ExitCode.ShouldBe(0, client.Error);
        server.ExitCode.ShouldBe(0, server.Error);
        subject.Out.Trim().ShouldBe("subject=CN=OpenMSS TEST Logiciel DPI,OU=1750000001,O=Centre Hospitalier de Test,ST=Paris (75),C=FR");
    }

    [Fact]
    public void The_server_certificate_names_every_host_and_carries_its_intermediate()
    {
        var layout = Init();

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(layout.Server);

        chain.Count.ShouldBe(2);
        var names = chain[0].Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        names.EnumerateDnsNames().ShouldBe(["localhost"]);
        names.EnumerateIPAddresses().Select(a => a.ToString()).ShouldBe(["127.0.0.1", "::1"]);
        chain[1].Subject.ShouldContain("SERVEURS");
        chain[0].MatchesHostname("localhost").ShouldBeTrue();
    }

    [Fact]
    public void Every_name_says_test_and_keys_are_private()
    {
        var layout = Init();

        foreach (var file in Directory.GetFiles(layout.Directory, "*.pem"))
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(file);
            certificates.ShouldAllBe(c => c.Issuer.Contains("TEST"));
        }

        if (!OperatingSystem.IsWindows())
        {
            foreach (var key in Directory.GetFiles(layout.Directory, "*.key"))
            {
                File.GetUnixFileMode(key).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        File.ReadAllText(Path.Combine(layout.Directory, "README.txt")).ShouldContain("NOT IGC SANTE");
    }

    [Fact]
    public void An_existing_pki_is_never_overwritten()
    {
        var layout = Init();
        var before = File.ReadAllText(layout.RootKey);

        Should.Throw<PkiException>(() => Init()).Message.ShouldContain("holds a test PKI already");

        File.ReadAllText(layout.RootKey).ShouldBe(before);
    }

    [Fact]
    public void More_client_certificates_come_from_the_same_organisations_ca()
    {
        var layout = Init();
        var anchor = X509Certificate2.CreateFromPem(File.ReadAllText(layout.TrustAnchor));

        var (certificate, _) = TestPki.IssueClient(layout.Directory, "labo", new OrgSubject("Automate", "312345678901234", "Laboratoire Test", "Corse-du-Sud (2A)"), Now);

        Validates(certificate, anchor).ShouldBeTrue();
        X509Certificate2.CreateFromPem(File.ReadAllText(certificate)).Subject.ShouldBe("CN=Automate, OU=312345678901234, O=Laboratoire Test, S=Corse-du-Sud (2A), C=FR");
        Should.Throw<PkiException>(() => TestPki.IssueClient(layout.Directory, "labo", TestPki.DefaultClient, Now)).Message.ShouldContain("exists already");
        Should.Throw<PkiException>(() => TestPki.IssueClient(layout.Directory, "../evil", TestPki.DefaultClient, Now)).Message.ShouldContain("cannot name a certificate file");
        Should.Throw<PkiException>(() => TestPki.IssueClient(_directory.Combine("none"), "x", TestPki.DefaultClient, Now)).Message.ShouldContain("holds no test PKI");
    }

    [Theory]
    [InlineData("", "1750000001", "CH", "Paris (75)", "common name")]
    [InlineData("CN", "", "CH", "Paris (75)", "IdNatStruc")]
    [InlineData("CN", "1750000001", "", "Paris (75)", "structure's name")]
    [InlineData("CN", "1750000001", "CH", "Paris", "not a département")]
    [InlineData("CN", "1750000001", "CH", "(75)", "not a département")]
    public void Malformed_subjects_are_refused_before_anything_is_written(string cn, string ou, string o, string st, string expected)
    {
        var directory = _directory.Combine("refused");

        Should.Throw<PkiException>(() => TestPki.Init(directory, TestPki.DefaultServerHosts, new OrgSubject(cn, ou, o, st), Now)).Message.ShouldContain(expected);

        Directory.Exists(directory).ShouldBeFalse();
    }

    private static bool Validates(string certificatePath, X509Certificate2 anchor)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(certificatePath);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(certificates);
        return chain.Build(certificates[0]);
    }
}
