using OpenMss.Net;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;

namespace OpenMss.TestSupport;

/// <summary>
/// A PSC sandbox on a free loopback port over HTTPS (the server certificate of a test PKI made once per test
/// process), with an HTTP client that trusts that PKI alone, and a clock the test can shift.
/// </summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private static readonly Lazy<TestPkiLayout> SharedPki = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), $"openmss-pki-{Environment.ProcessId}-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return TestPki.Init(directory, TestPki.DefaultServerHosts, TestPki.DefaultClient, DateTimeOffset.UtcNow);
    });

    private RunningSandbox(PscSandbox sandbox, HttpClient http, OffsetClock clock)
    {
        Sandbox = sandbox;
        Http = http;
        Clock = clock;
        Client = new PscSandboxClient(http, sandbox.BaseAddress);
    }

    public static TestPkiLayout Pki => SharedPki.Value;

    public PscSandbox Sandbox { get; }

    /// <summary>Trusts the test PKI; does not follow redirects, so tests see them.</summary>
    public HttpClient Http { get; }

    public OffsetClock Clock { get; }

    public PscSandboxClient Client { get; }

    public Uri Issuer => new(Sandbox.Issuer);

    public static TestClient Operator => SandboxDirectory.Defaults.FindClient(SandboxDirectory.OperatorClientId)!;

    public static TestClient Lps => SandboxDirectory.Defaults.FindClient(SandboxDirectory.LpsClientId)!;

    public static async Task<RunningSandbox> StartAsync(Func<SandboxSettings, SandboxSettings>? change = null)
    {
        var (certificate, chain) = Pki.LoadServer();
        var settings = new SandboxSettings { Certificate = certificate, CertificateChain = chain };
        var clock = new OffsetClock();
        var sandbox = await PscSandbox.StartAsync(change?.Invoke(settings) ?? settings, clock);
        var handler = TrustAnchors.HttpHandler(Pki.TrustAnchor);
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        return new RunningSandbox(sandbox, new HttpClient(handler), clock);
    }

    /// <summary>A fresh access token for a test identity, through CIBA as an intermediate server gets one.</summary>
    public Task<string> TokenAsync(string idNat) => Client.AccessTokenAsync(idNat, Lps.ClientId, Lps.Secret);

    /// <summary>Whether PSC says the token is active (introspection with the operator's credentials).</summary>
    public async Task<bool> IntrospectActiveAsync(string token)
    {
        var (_, body) = await Client.PostAsync(Client.Endpoint("/token/introspect"), Operator.ClientId, Operator.Secret, [new("token", token)]);
        using (body)
        {
            return body.RootElement.GetProperty("active").GetBoolean();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        Http.Dispose();
    }
}
