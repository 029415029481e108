using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenMss.Pki;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests.Mta;

/// <summary>
/// B's MTA facing peers that are not what the whitelist says (spec §10, DESIGN §4): each refused in the SMTP dialogue
/// with its exact code, nothing accepted then bounced. A, whose certificate is listed, is the peer that may pass.
/// </summary>
public sealed class PeerRefusalTests : IAsyncLifetime
{
    private TwoOperators _operators = null!;

    public async Task InitializeAsync()
    {
        _operators = await TwoOperators.CreateAsync();
        await _operators.StartAsync(TwoOperators.B);
    }

    public async Task DisposeAsync() => await _operators.DisposeAsync();

    private X509Certificate2 Certificate(string name) => X509Certificate2.CreateFromPemFile(_operators.Pki.ClientCertificate(name), _operators.Pki.ClientKey(name));

    /// <summary>A session with B's MTA after STARTTLS, presenting <paramref name="certificate"/> (or none).</summary>
    private async Task<RawSmtpClient> PeerAsync(X509Certificate2? certificate)
    {
        var client = await RawSmtpClient.ConnectAsync(_operators.Ports.Mta, TwoOperators.B.Address);
        client.TrustAnchor = _operators.Pki.TrustAnchor;
        client.Intermediates.Clear();
        client.Intermediates.ImportFromPemFile(_operators.Pki.ServersCa);
        await client.SecureAsync(certificate);
        return client;
    }

    [Fact]
    public async Task The_listed_peer_passes_and_its_message_is_durable_before_250()
    {
        await using var peer = await PeerAsync(Certificate(TwoOperators.A.CertificateName));
        (await peer.CommandAsync($"MAIL FROM:<dpi@{TwoOperators.A.Domain}> RET=HDRS ENVID=QQ314")).Code.ShouldBe(250);
        (await peer.CommandAsync($"RCPT TO:<jean.dupont@{TwoOperators.B.Domain}> NOTIFY=FAILURE ORCPT=rfc822;jean.dupont@{TwoOperators.B.Domain}")).Code.ShouldBe(250);
        (await peer.CommandAsync("DATA")).Code.ShouldBe(354);
        var reply = await peer.CommandAsync("Subject: over the trust space\r\n\r\nHello B.\r\n.");

        reply.Code.ShouldBe(250);
        (await _operators.InboxSubjectsAsync(TwoOperators.B, "jean.dupont")).ShouldBe(["over the trust space"]);
    }

    [Fact]
    public async Task A_peer_without_a_client_certificate_is_530()
    {
        await using var peer = await PeerAsync(null);

        var reply = await peer.CommandAsync($"MAIL FROM:<dpi@{TwoOperators.A.Domain}>");

        (reply.Code, reply.Enhanced).ShouldBe((530, "5.7.0"));
        reply.Text.ShouldContain("client certificate is required");
    }

    [Fact]
    public async Task A_certificate_not_listed_for_the_senders_domain_is_550_5_7_1()
    {
        // B's own certificate chains to the same roots but is listed for B's domain, not A's.
        await using var peer = await PeerAsync(Certificate(TwoOperators.B.CertificateName));

        var reply = await peer.CommandAsync($"MAIL FROM:<dpi@{TwoOperators.A.Domain}>");

        (reply.Code, reply.Enhanced).ShouldBe((550, "5.7.1"));
        reply.Text.ShouldContain($"not listed for {TwoOperators.A.Domain}");
    }

    [Fact]
    public async Task A_sender_domain_outside_the_whitelist_is_550_5_7_1()
    {
        await using var peer = await PeerAsync(Certificate(TwoOperators.A.CertificateName));

        var reply = await peer.CommandAsync("MAIL FROM:<someone@ailleurs.mssante.test>");

        (reply.Code, reply.Enhanced).ShouldBe((550, "5.7.1"));
        reply.Text.ShouldContain("ailleurs.mssante.test is not in the MSSanté whitelist");
    }

    [Fact]
    public async Task A_certificate_from_another_authority_is_550_5_7_1()
    {
        // The same subject as A's MTA, from a PKI that is not the configured IGC: the DN alone does not make a peer.
        using var stranger = new TempDirectory();
        var other = TestPki.Init(stranger.Path, TestPki.DefaultServerHosts, TestPki.DefaultClient, DateTimeOffset.UtcNow);
        using var forged = TestPkiServers.Issue(other, "forged", [TwoOperators.A.MxHost], null, DateTimeOffset.UtcNow, TwoOperators.A.Subject);
        using var forgedWithKey = X509Certificate2.CreateFromPemFile(other.ClientCertificate("forged"), other.ClientKey("forged"));
        await using var peer = await PeerAsync(forgedWithKey);

        var reply = await peer.CommandAsync($"MAIL FROM:<dpi@{TwoOperators.A.Domain}>");

        (reply.Code, reply.Enhanced).ShouldBe((550, "5.7.1"));
        reply.Text.ShouldContain("certificate is refused");
    }

    [Fact]
    public async Task Before_starttls_mail_is_530_and_auth_is_never_offered()
    {
        await using var peer = await RawSmtpClient.ConnectAsync(_operators.Ports.Mta, TwoOperators.B.Address);
        (await peer.ReadReplyAsync()).Text.ShouldContain("OpenMSS MTA");
        var ehlo = await peer.CommandAsync("EHLO mx.operateur-a.mssante.test");
        ehlo.Lines.Select(l => l[4..]).ShouldContain("STARTTLS");
        ehlo.Lines.Select(l => l[4..]).ShouldContain("DSN");
        ehlo.Text.ShouldNotContain("AUTH");

        var mail = await peer.CommandAsync($"MAIL FROM:<dpi@{TwoOperators.A.Domain}>");
        (mail.Code, mail.Enhanced).ShouldBe((530, "5.7.0"));
        (await peer.CommandAsync("AUTH PLAIN AGEAYg==")).Code.ShouldBe(502);
    }

    [Fact]
    public async Task Recipients_are_local_bals_only_and_a_loop_is_554_5_4_6()
    {
        await using var peer = await PeerAsync(Certificate(TwoOperators.A.CertificateName));
        (await peer.CommandAsync($"MAIL FROM:<dpi@{TwoOperators.A.Domain}>")).Code.ShouldBe(250);

        var unknown = await peer.CommandAsync($"RCPT TO:<nobody@{TwoOperators.B.Domain}>");
        var relay = await peer.CommandAsync($"RCPT TO:<jean.dupont@{TwoOperators.A.Domain}>");
        var local = await peer.CommandAsync($"RCPT TO:<jean.dupont@{TwoOperators.B.Domain}>");

        (unknown.Code, unknown.Enhanced).ShouldBe((550, "5.1.1"));
        (relay.Code, relay.Enhanced).ShouldBe((550, "5.7.1"));
        local.Code.ShouldBe(250);
        (await peer.CommandAsync("DATA")).Code.ShouldBe(354);
        var hops = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            hops.Append(CultureInfo.InvariantCulture, $"Received: from hop{i}.test by hop{i + 1}.test; Mon, 30 Nov 2026 10:00:00 +0000\r\n");
        }

        var loop = await peer.CommandAsync(hops + "Subject: loop\r\n\r\nround and round\r\n.");
        (loop.Code, loop.Enhanced).ShouldBe((554, "5.4.6"));
        (await _operators.InboxSubjectsAsync(TwoOperators.B, "jean.dupont")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Openssl_proves_a_tls_1_1_peer_is_refused_at_the_handshake()
    {
        var old = await ProcessRunner.RunAsync(
            "openssl",
            ["s_client", "-starttls", "smtp", "-connect", $"{TwoOperators.B.Address}:{_operators.Ports.Mta}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0",
                "-cert", _operators.Pki.ClientCertificate(TwoOperators.A.CertificateName), "-key", _operators.Pki.ClientKey(TwoOperators.A.CertificateName)],
            timeout: TimeSpan.FromSeconds(30));

        old.ExitCode.ShouldNotBe(0);
        (old.Out + old.Error).ShouldContain("alert protocol version");
    }
}
