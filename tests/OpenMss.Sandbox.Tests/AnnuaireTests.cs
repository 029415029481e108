using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMss.Lps.Annuaire;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Annuaire;
using OpenMss.Sandbox.Annuaire;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Sandbox.Tests;

/// <summary>
/// An operator's declarations reaching the sandbox's Annuaire over FHIR Patch, and what the Annuaire then gives:
/// slapd searched with ldapsearch and with the SDK, FHIR search, the public extraction.
/// </summary>
public sealed class AnnuaireTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private const string Dupont = $"jean.dupont@{Domain}";
    private const string Secretariat = $"secretariat@{Domain}";
    private readonly TempDirectory _directory = new();
    private readonly HttpClient _http = new(OpenMss.Net.TrustAnchors.HttpHandler(RunningSandbox.Pki.TrustAnchor));
    private IMailStore _store = null!;
    private BalAdministration _admin = null!;
    private AnnuaireStandIn _annuaire = null!;
    private AnnuaireSender _sender = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Combine("store"), default);
        _admin = new BalAdministration(_store, TimeProvider.System, "test");
        await _admin.AddDomainAsync(Domain, default);
        var (certificate, chain) = RunningSandbox.Pki.LoadServer();
        _annuaire = await AnnuaireStandIn.StartAsync(_directory.Combine("annuaire"), Repository.FreePort(), Repository.FreePort(), certificate, chain, TimeProvider.System, default);
        _sender = new AnnuaireSender(_store, new FhirPatchChannel(_http, new Uri(_annuaire.FhirUrl), AnnuaireStandIn.ApiKey), "node-a", TimeProvider.System, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _annuaire.DisposeAsync();
        await _store.DisposeAsync();
        _http.Dispose();
        _directory.Dispose();
    }

    private string Ldap => _annuaire.Ldap!.Url;

    [Fact]
    public async Task Declared_bals_are_published_everywhere_but_never_the_liste_rouge_the_unpublished_the_deleted_or_app()
    {
        await AddAsync(Dupont, BalType.Per, "810001234567");
        await AddAsync(Secretariat, BalType.Org, "1750000001", authorized: ["810001234567"]);
        await AddAsync($"dpi@{Domain}", BalType.App, "1750000001");
        await AddAsync($"discret@{Domain}", BalType.Per, AnnuaireSeed.GeneratedIdNat(0), listeRouge: true);
        await AddAsync($"absent@{Domain}", BalType.Per, AnnuaireSeed.GeneratedIdNat(1));
        await _admin.SetStatusAsync($"absent@{Domain}", BalStatus.Unpublished, default);
        await AddAsync($"parti@{Domain}", BalType.Per, AnnuaireSeed.GeneratedIdNat(2));
        await _admin.SetStatusAsync($"parti@{Domain}", BalStatus.Deleted, default);
        await _admin.DeleteBalAsync($"parti@{Domain}", force: false, default);

        await DeclareAllAsync();

        var search = await LdapSearchAsync("(objectClass=inetOrgPerson)", "mail");
        search.ExitCode.ShouldBe(0, search.Error);
        Mails(search.Out).ShouldBe([Dupont, Secretariat], ignoreOrder: true);
        var dupont = await LdapSearchAsync($"(mail={Dupont})", "cn", "sn", "givenName", "title", "departmentNumber", "businessCategory", "telephoneNumber");
        dupont.Out.ShouldContain("cn: Jean DUPONT");
        dupont.Out.ShouldContain("givenName: Jean");
        dupont.Out.ShouldContain("departmentNumber: 75");
        dupont.Out.ShouldContain("businessCategory: PER");
        dupont.Out.ShouldNotContain("telephoneNumber", Case.Insensitive, "the Annuaire never gives phone numbers");

        var fhir = await FhirAsync("Practitioner?mailbox-mss:contains=operateur-a");
        fhir.GetProperty("total").GetInt32().ShouldBe(1);
        FhirMails(fhir).ShouldBe([Dupont]);
        FhirMails(await FhirAsync("Organization?mailbox-mss=secretariat")).ShouldBe([Secretariat, $"dpi@{Domain}"], ignoreOrder: true, "the structure's ORG and APP BALs are on its Organization (the APP never in the extraction)");

        var rows = await ExtractionAsync();
        rows[0].Split('|').Length.ShouldBe(31);
        rows.Skip(1).Select(r => r.Split('|')).Select(c => (c.Length, c[0], c[1])).ShouldBe([(31, "PER", Dupont), (31, "ORG", Secretariat)]);

        _annuaire.Registry.Declared().Select(d => (d.Address, d.ListeRouge)).ShouldContain(($"discret@{Domain}", true), "declared, never restituted");
        (await _store.Annuaire.ListAsync(null, unsentOnly: true, 50, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Unpublishing_withdraws_a_bal_and_an_authentication_brings_it_back()
    {
        var bal = await AddAsync(Dupont, BalType.Per, "810001234567");
        await DeclareAllAsync();
        Mails((await LdapSearchAsync("(objectClass=inetOrgPerson)", "mail")).Out).ShouldBe([Dupont]);

        (await _store.Directory.UnpublishForInactivityAsync(bal.Id, bal.Created, default)).ShouldBeTrue();
        await DeclareAllAsync();
        Mails((await LdapSearchAsync("(objectClass=inetOrgPerson)", "mail")).Out).ShouldBeEmpty();
        FhirMails(await FhirAsync("Practitioner?family=DUPONT")).ShouldBeEmpty();

        (await _store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.Psc, DateTimeOffset.UtcNow, default)).ShouldBeTrue();
        await DeclareAllAsync();
        Mails((await LdapSearchAsync("(objectClass=inetOrgPerson)", "mail")).Out).ShouldBe([Dupont]);
    }

    [Fact]
    public async Task A_holder_the_annuaire_does_not_know_leaves_the_declaration_pending_with_its_reason()
    {
        await AddAsync($"inconnu@{Domain}", BalType.Per, "810009999999");

        await _sender.RunOnceAsync(default);

        var row = (await _store.Annuaire.ListAsync($"inconnu@{Domain}", unsentOnly: true, 5, default)).ShouldHaveSingleItem();
        (row.Status, row.Attempts).ShouldBe((DeclarationStatus.Pending, 1));
        row.LastError.ShouldBe("404: the Annuaire has no Practitioner with identifier urn:oid:1.2.250.1.71.4.2.1|810009999999");
        row.NextAttempt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddSeconds(30));
    }

    [Fact]
    public async Task A_declaration_without_the_api_key_or_with_a_foreign_body_is_refused()
    {
        using var noKey = new HttpRequestMessage(HttpMethod.Patch, $"{_annuaire.FhirUrl}Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810001234567")
        {
            Content = new StringContent("{\"resourceType\":\"Parameters\"}", Encoding.UTF8, "application/fhir+json"),
        };
        (await _http.SendAsync(noKey)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var garbage = new HttpRequestMessage(HttpMethod.Patch, $"{_annuaire.FhirUrl}Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810001234567")
        {
            Content = new StringContent("{\"resourceType\":\"Patient\",\"id\":[", Encoding.UTF8, "application/fhir+json"),
        };
        garbage.Headers.Add("ESANTE-API-KEY", AnnuaireStandIn.ApiKey);
        (await _http.SendAsync(garbage)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _annuaire.Registry.Declared().ShouldBeEmpty();
    }

    [Fact]
    public async Task Past_100_entries_ldapsearch_meets_the_size_limit_and_the_sdk_says_refine_over_ldap_and_fhir()
    {
        await AddAsync(Dupont, BalType.Per, "810001234567");
        for (var i = 0; i < AnnuaireSeed.Population; i++)
        {
            await AddAsync($"pro{i:D3}@{Domain}", BalType.Per, AnnuaireSeed.GeneratedIdNat(i), listeRouge: i == 4);
        }

        await DeclareAllAsync();

        var all = await LdapSearchAsync("(objectClass=inetOrgPerson)", "mail");
        all.ExitCode.ShouldBe(4, "LDAP result 4, sizeLimitExceeded");
        all.Error.ShouldContain("Size limit exceeded");
        Mails(all.Out).Count.ShouldBe(100);

        var ldap = LdapAnnuaireSearch.FromUrl(Ldap);
        var fhir = new FhirAnnuaireSearch(_http, new Uri(_annuaire.FhirUrl));
        foreach (var sdk in new IAnnuaireSearch[] { ldap, fhir })
        {
            var paris = await sdk.SearchAsync(new AnnuaireQuery { Department = "75" });
            paris.MustRefine.ShouldBeTrue(sdk.GetType().Name);
            paris.Advice.ShouldBe(AnnuaireSearchResult.RefineMessage);
            paris.Entries.Count.ShouldBe(100, sdk.GetType().Name);

            var refined = await sdk.SearchAsync(new AnnuaireQuery { Name = "dup", Department = "75" });
            refined.MustRefine.ShouldBeFalse();
            var found = refined.Entries.ShouldHaveSingleItem();
            (found.Address, found.DisplayName.Contains("DUPONT", StringComparison.Ordinal), found.Profession, found.Department).ShouldBe((Dupont, true, "Médecin", "75"));

            var nurses = await sdk.SearchAsync(new AnnuaireQuery { Profession = "Infirmier", Name = "BERNARD" });
            nurses.Entries.ShouldNotBeEmpty(sdk.GetType().Name);
            nurses.Entries.ShouldAllBe(e => e.Profession == "Infirmier" && e.FamilyName == "BERNARD");
            nurses.Entries.ShouldNotContain(e => e.Address == $"pro004@{Domain}", "pro004 is on the liste rouge");
        }

        await Should.ThrowAsync<ArgumentException>(() => ldap.SearchAsync(new AnnuaireQuery()));
        (await ldap.SearchAsync(new AnnuaireQuery { Name = "*)(mail=*" })).Entries.ShouldBeEmpty("a filter is escaped, never injected");
    }

    [Fact]
    public async Task Before_a_per_bal_is_created_its_holder_is_told_of_the_others_in_his_name()
    {
        await AddAsync(Dupont, BalType.Per, "810001234567");
        await AddAsync($"secret.dupont@{Domain}", BalType.Per, "810001234567", listeRouge: true);
        await DeclareAllAsync();
        var administration = new BalAdministration(
            _store, TimeProvider.System, "test", new ExistingBals(_http, new Uri(_annuaire.FhirUrl), AnnuaireStandIn.ApiKey), new Operator.Mssante.NoticeDelivery(_store, Secretariat, null));
        await AddAsync(Secretariat, BalType.Org, "1750000001");

        var (created, others) = await administration.CreateBalAsync(new BalRequest($"dr.dupont@{Domain}", BalType.Per, "810001234567", null, [], false), default);

        others.ShouldBe([Dupont], "the liste rouge BAL is not restituted even here");
        var notice = (await InboxTextsAsync(created.Address)).ShouldHaveSingleItem();
        notice.ShouldContain($"  - {Dupont}");
        notice.ShouldContain("Auto-Submitted: auto-generated");
        (await InboxTextsAsync(Secretariat)).ShouldHaveSingleItem().ShouldContain($"To: <dr.dupont@{Domain}>, <{Secretariat}>");
        (await _store.Audit.ListAsync(created.Address, 5, default)).Select(a => a.Event.Action).ShouldContain("bal.add existing-bals-notice 1");

        var (alone, none) = await administration.CreateBalAsync(new BalRequest($"marie@{Domain}", BalType.Per, "810002345678", null, [], false), default);
        none.ShouldBeEmpty();
        (await InboxTextsAsync(alone.Address)).ShouldBeEmpty();
    }

    private async Task<List<string>> InboxTextsAsync(string address)
    {
        var bal = (await _store.Directory.FindBalAsync(address, default))!;
        var inbox = (await _store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        var texts = new List<string>();
        foreach (var message in await _store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default))
        {
            await using var blob = await _store.Mailboxes.OpenBlobAsync(message.BlobId, default);
            texts.Add(await new StreamReader(blob, Encoding.UTF8).ReadToEndAsync());
        }

        return texts;
    }

    private async Task<Bal> AddAsync(string address, BalType type, string holder, bool listeRouge = false, string[]? authorized = null) =>
        await _admin.AddBalAsync(
            new BalRequest(address, type, type is BalType.Per ? holder : null, type is BalType.Per ? null : holder, authorized ?? [], listeRouge), default);

    private async Task DeclareAllAsync()
    {
        while (await _sender.RunOnceAsync(default) > 0)
        {
        }

        (await _store.Annuaire.ListDueAsync(DateTimeOffset.UtcNow, 10, default)).ShouldBeEmpty();
    }

    private Task<ProcessRunner.Result> LdapSearchAsync(string filter, params string[] attributes) =>
        ProcessRunner.RunAsync("ldapsearch", ["-x", "-H", Ldap, "-b", SlapdDirectory.Base, "-LLL", "-o", "ldif-wrap=no", filter, .. attributes]);

    private static List<string> Mails(string ldif) =>
        [.. ldif.Split('\n').Where(l => l.StartsWith("mail: ", StringComparison.Ordinal)).Select(l => l["mail: ".Length..].Trim())];

    private async Task<JsonElement> FhirAsync(string query)
    {
        var json = await _http.GetStringAsync(_annuaire.FhirUrl + query);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static List<string> FhirMails(JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries)
            ? [.. entries.EnumerateArray().SelectMany(e => e.GetProperty("resource").GetProperty("telecom").EnumerateArray()).Select(t => t.GetProperty("value").GetString()!)]
            : [];

    private async Task<List<string>> ExtractionAsync()
    {
        await using var zip = new ZipArchive(new MemoryStream(await _http.GetByteArrayAsync(_annuaire.ExtractionUrl)));
        var entry = zip.Entries.ShouldHaveSingleItem();
        entry.Name.ShouldStartWith("Extraction_Correspondance_MSSante_");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return [.. (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }
}
