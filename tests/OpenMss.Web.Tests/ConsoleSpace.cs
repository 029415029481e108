using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using OpenMss.Net;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Hosting;
using OpenMss.Operator.Lifecycle;
using OpenMss.OperatorConsole;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Web.Tests;

/// <summary>An operator's store and its console over HTTPS on loopback, with one administrator, a conformance report and an export folder.</summary>
internal sealed partial class ConsoleSpace : IAsyncDisposable
{
    public const string Domain = "operateur-a.mssante.test";
    public const string Admin = "alice";
    public const string Password = "correct horse battery staple";

    private readonly TempDirectory _directory = new();
    private WebApplication? _console;

    public IMailStore Store { get; private set; } = null!;

    public Uri Url { get; private set; } = null!;

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public string Exports => _directory.Combine("exports");

    public static async Task<ConsoleSpace> StartAsync()
    {
        var space = new ConsoleSpace();
        try
        {
            await space.InitializeAsync();
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        Store = await StoreOpener.OpenAsync(new StoreLocation(_directory.Combine("store"), null), default);
        var admin = new BalAdministration(Store, Clock, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest($"jean.dupont@{Domain}", BalType.Per, "810001234567", null, [], false), default);
        var reports = Directory.CreateDirectory(_directory.Combine("reports", "dpi-2026-11")).FullName;
        await File.WriteAllTextAsync(Path.Combine(reports, "report.html"), "<html><head><title>CR de test</title></head><body><p>Conforme</p><script>document.title='pwned'</script></body></html>");
        await File.WriteAllTextAsync(_directory.Combine("reports", "secret.txt"), "not a report");
        var pki = RunningSandbox.Pki;
        for (var attempt = 1; ; attempt++)
        {
            var port = Repository.FreePort();
            _console = ConsoleHost.Build(
                new ConsoleSettings
                {
                    EndPoint = new IPEndPoint(IPAddress.Loopback, port),
                    Tls = TlsPolicy.FromPem(pki.Server, pki.ServerKey),
                    Admins = new Dictionary<string, string> { [Admin] = AdminPasswords.Hash(Password) },
                    Administration = actor => new BalAdministration(Store, Clock, actor),
                    Lifecycle = new LifecycleOptions(),
                    ExportDirectory = Exports,
                    ReportsDirectory = _directory.Combine("reports"),
                },
                Store,
                Clock);
            try
            {
                await _console.StartAsync();
                Url = new Uri($"https://127.0.0.1:{port}/");
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await _console.DisposeAsync();
            }
        }
    }

    /// <summary>An HTTP client with its own cookies that trusts the test PKI, not following redirects.</summary>
    public HttpClient Client()
    {
        var handler = TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor);
        handler.CookieContainer = new CookieContainer();
        handler.UseCookies = true;
        handler.AllowAutoRedirect = false;
        return new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The antiforgery field of the form on the page at <paramref name="path"/>.</summary>
    public static async Task<string> CsrfAsync(HttpClient client, string path)
    {
        var page = await client.GetStringAsync(path);
        return CsrfField().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No csrf field on {path}.");
    }

    public static async Task<HttpResponseMessage> LogInAsync(HttpClient client, string name, string password) =>
        await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = await CsrfAsync(client, "/login"), ["name"] = name, ["password"] = password }));

    public async Task<IReadOnlyList<AuditEvent>> AuditAsync() => [.. (await Store.Audit.ListAsync(null, 100, default)).Select(r => r.Event)];

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    public async ValueTask DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.StopAsync();
            await _console.DisposeAsync();
        }

        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        _directory.Dispose();
    }
}
