using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using OpenMss.Conformance.Relay;
using OpenMss.TestSupport;
using OpenMss.Net.Tls;

namespace OpenMss.Conformance.Tests;

/// <summary>What the relay reads from clients: ClientHellos, SASL payloads, lines. Bounded, and never thrown off by garbage.</summary>
public sealed class ParserTests
{
    [Fact]
    public async Task A_real_client_hello_gives_its_versions_and_suites()
    {
        var hello = await CaptureClientHelloAsync(SslProtocols.Tls12 | SslProtocols.Tls13);

        var facts = ClientHelloParser.Parse(hello).ShouldNotBeNull();
        facts.SupportedVersions.ShouldContain(0x0304);
        facts.SupportedVersions.ShouldContain(0x0303);
        facts.SupportedVersions.ShouldNotContain(0x0302);
        facts.CipherSuites.ShouldContain(0x1302); // TLS_AES_256_GCM_SHA384
        facts.CipherSuites.Select(TlsSuites.Forbidden).ShouldAllBe(reason => reason == null);
    }

    [Fact]
    public async Task Truncated_and_mutated_client_hellos_give_null_or_facts_never_an_exception()
    {
        var hello = await CaptureClientHelloAsync(SslProtocols.Tls12 | SslProtocols.Tls13);
        var random = new Random(17);
        for (var length = 0; length < hello.Length; length += 7)
        {
            _ = ClientHelloParser.Parse(hello.AsSpan(0, length));
        }

        for (var i = 0; i < 5000; i++)
        {
            var mutated = (byte[])hello.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            _ = ClientHelloParser.Parse(mutated);
        }
    }

    [Fact]
    public void An_exact_xoauth2_string_is_told_from_near_misses()
    {
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var token = "eyJhbGciOiJSUzI1NiJ9.eyJTdWJqZWN0TmFtZUlEIjoiODEwMDAxMjM0NTY3IiwiZXhwIjoyMDAwMDAwMDAwfQ.c2ln";

        var exact = SaslPayloads.Xoauth2(B64($"user=medecin@x.test\u0001auth=Bearer {token}\u0001\u0001")).ShouldNotBeNull();
        exact.Exact.ShouldBeTrue();
        exact.User.ShouldBe("medecin@x.test");
        exact.TokenSubject.ShouldBe("810001234567");
        exact.TokenExpires.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));
        exact.Shape.ShouldNotContain(token);

        foreach (var wrong in new[]
        {
            $"user=medecin@x.test\u0001auth=bearer {token}\u0001\u0001",
            $"user=medecin@x.test\u0001auth=Bearer {token}\u0001",
            $"user=medecin@x.test\u0001auth=Bearer  {token}\u0001\u0001",
            $"auth=Bearer {token}\u0001user=medecin@x.test\u0001\u0001",
        })
        {
            var payload = SaslPayloads.Xoauth2(B64(wrong)).ShouldNotBeNull();
            payload.Exact.ShouldBeFalse(wrong);
            payload.Shape.ShouldNotContain(token);
        }

        SaslPayloads.Xoauth2(B64($"user=medecin@x.test\u0001auth=bearer {token}\u0001\u0001"))!.TokenFingerprint.ShouldBe(exact.TokenFingerprint);
        SaslPayloads.Xoauth2("%%%")!.Shape.ShouldBe("not base64");
    }

    [Fact]
    public void Plain_keeps_the_identities_and_only_the_password_s_length()
    {
        var plain = SaslPayloads.Plain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0dpi@x.test\0secret"))).ShouldNotBeNull();

        plain.Authzid.ShouldBe("");
        plain.Authcid.ShouldBe("dpi@x.test");
        plain.PasswordLength.ShouldBe(6);
        SaslPayloads.Plain(Convert.ToBase64String(Encoding.UTF8.GetBytes("only-one-field"))).ShouldBeNull();
    }

    [Fact]
    public async Task Lines_are_bounded_and_what_follows_a_line_is_counted_when_dropped()
    {
        var reader = new LineReader(new MemoryStream(Encoding.ASCII.GetBytes("a STARTTLS\r\nb CAPABILITY\r\n")), 1024);

        Encoding.ASCII.GetString((await reader.ReadLineAsync(CancellationToken.None))!).ShouldBe("a STARTTLS\r\n");
        reader.DiscardBuffered().ShouldBe("b CAPABILITY\r\n".Length);
        (await reader.ReadLineAsync(CancellationToken.None)).ShouldBeNull();

        var endless = new LineReader(new MemoryStream(new byte[100_000]), 1024);
        await Should.ThrowAsync<InvalidDataException>(() => endless.ReadLineAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0x0005, "RC4")]
    [InlineData(0x000A, "3DES")]
    [InlineData(0x0000, "NULL encryption")]
    [InlineData(0x0034, "anonymous")]
    [InlineData(0xC02F, null)]
    [InlineData(0x1301, null)]
    [InlineData(0xC013, null)] // ECDHE-RSA-AES128-SHA: CBC, offered after the AEAD suites by common clients; tolerated
    public void Weak_suites_are_named(int suite, string? reason) => TlsSuites.Forbidden(suite).ShouldBe(reason);

    [Theory]
    [InlineData("TLS_AES_256_GCM_SHA384", true)]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true)]
    [InlineData("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", true)]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", false)]
    [InlineData("TLS_RSA_WITH_AES_128_GCM_SHA256", false)]
    public void Negotiated_suites_must_be_aead_with_forward_secrecy(string suite, bool aead) => TlsSuites.Aead(suite).ShouldBe(aead);

    /// <summary>The first bytes a .NET TLS client sends, read by a loopback listener that never answers.</summary>
    private static async Task<byte[]> CaptureClientHelloAsync(SslProtocols protocols)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        using var server = await listener.AcceptTcpClientAsync();
        using var tls = new SslStream(client.GetStream());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocols }, stop.Token);
        var buffer = new byte[16 * 1024];
        var read = 0;
        while (read < 5 || read < 5 + ((buffer[3] << 8) | buffer[4]))
        {
            read += await server.GetStream().ReadAsync(buffer.AsMemory(read), stop.Token);
        }

        server.Close();
        await Should.ThrowAsync<Exception>(() => handshake);
        return buffer[..read];
    }
}
