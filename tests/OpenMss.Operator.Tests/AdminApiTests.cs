using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OpenMss.Net;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Storage;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>The admin API over HTTPS, on a running operator, with the token, a client certificate, and neither.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string Token = "s3cret-admin-token-for-tests";
    private const string Domain = "operateur-a.mssante.test";
    private static TestPkiLayout Pki => RunningSandbox.Pki;
    private readonly TempDirectory _directory = new();
    private IMailStore _store = null!;
    private WebApplication _host = null!;
    private ListenerPorts _ports = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Combine("store"), default);
        for (var attempt = 1; ; attempt++)
        {
            _ports = new ListenerPorts(Repository.FreePortBase([80, 446], [IPAddress.Loopback]));
            _host = OperatorHost.Build(
                [$"--Tls:Certificate={Pki.Server}", $"--Tls:Key={Pki.ServerKey}", $"--Admin:Token={Token}", $"--Admin:ClientCa={Pki.TrustAnchor}", $"--Admin:ClientIntermediates:0={Pki.OrganisationsCa}", "--Logging:LogLevel:Default=Warning"],
                _store,
                _ports);
            try
            {
                await _host.StartAsync();
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await _host.DisposeAsync();
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private string Api => $"https://127.0.0.1:{_ports.AdminApi}/admin/v1";

    [Fact]
    public async Task Without_a_credential_everything_is_refused_and_the_plain_listener_serves_no_administration()
    {
        using var anonymous = Client();
        var refused = await anonymous.GetAsync($"{Api}/bals");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("The admin API needs the admin token");
        (await anonymous.PostAsJsonAsync($"{Api}/domains", new { name = Domain })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var wrong = Client("s3cret-admin-token-for-test");
        (await wrong.GetAsync($"{Api}/domains")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var plain = new HttpClient();
        plain.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        (await plain.GetAsync($"http://127.0.0.1:{_ports.Admin}/admin/v1/domains")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _store.Directory.ListDomainsAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_token_manages_domains_and_bals_and_every_change_is_audited_under_its_name()
    {
        using var admin = Client(Token);
        (await admin.PostAsJsonAsync($"{Api}/domains", new { name = Domain })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await admin.PostAsJsonAsync($"{Api}/bals", new { address = $"secretariat@{Domain}", type = "ORG", idNatStruc = "1750000001", authorizedIdNats = new[] { "810001234567" } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        (await admin.PutAsJsonAsync($"{Api}/bals/secretariat@{Domain}/liste-rouge", new { listeRouge = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PutAsJsonAsync($"{Api}/bals/secretariat@{Domain}/authorized-users", new { idNats = new[] { "810002345678", "810001234567" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bal = await Json(await admin.PutAsJsonAsync($"{Api}/bals/secretariat@{Domain}/status", new { status = "unpublished" }));

        bal.GetProperty("status").GetString().ShouldBe("unpublished");
        bal.GetProperty("listeRouge").GetBoolean().ShouldBeTrue();
        bal.GetProperty("authorizedIdNats").EnumerateArray().Select(e => e.GetString()).ShouldBe(["810002345678", "810001234567"]);
        var annuaire = bal.GetProperty("annuaire");
        (annuaire.GetProperty("change").GetString(), annuaire.GetProperty("status").GetString()).ShouldBe(("status", "pending"));

        var audit = await Json(await admin.GetAsync($"{Api}/audit?bal=secretariat@{Domain}"));
        audit.EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetString())).ShouldBe(
        [
            ("bal.set-status unpublished", "admin-api:token"), ("bal.set-users 2", "admin-api:token"), ("bal.set-liste-rouge on", "admin-api:token"), ("bal.add", "admin-api:token"),
        ]);
        (await Json(await admin.GetAsync($"{Api}/annuaire/declarations?unsent=true"))).GetArrayLength().ShouldBe(4);
    }

    [Fact]
    public async Task Refusals_carry_the_right_status_and_one_sentence()
    {
        using var admin = Client(Token);
        await admin.PostAsJsonAsync($"{Api}/domains", new { name = Domain });
        await admin.PostAsJsonAsync($"{Api}/bals", new { address = $"jean.dupont@{Domain}", type = "PER", idNat = "810001234567" });

        await ShouldRefuse(admin.PostAsJsonAsync($"{Api}/domains", new { name = Domain }), HttpStatusCode.Conflict, $"The domain {Domain} exists already.");
        await ShouldRefuse(admin.GetAsync($"{Api}/bals/nobody@{Domain}"), HttpStatusCode.NotFound, $"There is no BAL nobody@{Domain}.");
        await ShouldRefuse(admin.PostAsJsonAsync($"{Api}/bals", new { address = $"x@{Domain}", type = "BOX", idNat = "810001234567" }), HttpStatusCode.BadRequest, "'BOX' is not a BAL type: PER, ORG, APP or CAB.");
        await ShouldRefuse(admin.PutAsJsonAsync($"{Api}/bals/jean.dupont@{Domain}/authorized-users", new { idNats = new[] { "810002345678" } }), HttpStatusCode.BadRequest, "Only an ORG BAL has authorised users");
        await ShouldRefuse(admin.DeleteAsync($"{Api}/bals/jean.dupont@{Domain}"), HttpStatusCode.BadRequest, "set its status to deleted first");
        await ShouldRefuse(admin.PostAsJsonAsync($"{Api}/indicators/exports", new { month = "2026-11" }), HttpStatusCode.Conflict, "Indicators:ExportDirectory is not configured");
        await ShouldRefuse(admin.GetAsync($"{Api}/lifecycle/preview?at=someday"), HttpStatusCode.BadRequest, "'someday' is not a date");

        var preview = await Json(await admin.GetAsync($"{Api}/lifecycle/preview?at={DateTimeOffset.UtcNow.AddDays(91):yyyy-MM-dd}"));
        preview.GetProperty("due").EnumerateArray().Select(d => (d.GetProperty("bal").GetString(), d.GetProperty("action").GetString())).ShouldBe([($"jean.dupont@{Domain}", "unpublish")]);
        (await _store.Directory.FindBalAsync($"jean.dupont@{Domain}", default))!.Status.ShouldBe(Storage.Model.BalStatus.Active, "a preview changes nothing");
    }

    [Fact]
    public async Task A_client_certificate_of_the_admin_ca_is_a_credential_and_curl_uses_it()
    {
        using var certified = Client(certificate: X509Certificate2.CreateFromPemFile(Pki.ClientCertificate(TestPki.DefaultClientName), Pki.ClientKey(TestPki.DefaultClientName)));
        (await certified.PostAsJsonAsync($"{Api}/domains", new { name = Domain })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var audit = await Json(await certified.GetAsync($"{Api}/audit"));
        audit[0].GetProperty("actor").GetString().ShouldStartWith("admin-api:certificate:");

        var curl = await ProcessRunner.RunAsync("curl", ["-sS", "--cacert", Pki.TrustAnchor, "-H", $"Authorization: Bearer {Token}", $"{Api}/domains"]);
        curl.ExitCode.ShouldBe(0, curl.Error);
        curl.Out.ShouldContain($"\"name\":\"{Domain}\"");
        var tls11 = await ProcessRunner.RunAsync("curl", ["-sS", "--cacert", Pki.TrustAnchor, "--tlsv1.1", "--tls-max", "1.1", $"{Api}/domains"]);
        tls11.ExitCode.ShouldNotBe(0, "TLS 1.2 and 1.3 only");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        using var anonymous = Client();
        var document = await Json(await anonymous.GetAsync($"{Api}/openapi.json"));

        document.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/admin/v1/bals");
        paths.ShouldContain("/admin/v1/bals/{address}/liste-rouge");
        paths.ShouldContain("/admin/v1/lifecycle/preview");
        paths.ShouldContain("/admin/v1/indicators/exports");
    }

    private static HttpClient Client(string? token = null, X509Certificate2? certificate = null)
    {
        var handler = TrustAnchors.HttpHandler(Pki.TrustAnchor);
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        var client = new HttpClient(handler);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task ShouldRefuse(Task<HttpResponseMessage> call, HttpStatusCode status, string sentence)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!.ShouldContain(sentence);
    }
}
