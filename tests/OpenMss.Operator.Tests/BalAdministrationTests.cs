using OpenMss.Operator.Administration;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

public sealed class BalAdministrationTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private readonly TempDirectory _directory = new();
    private IMailStore _store = null!;
    private BalAdministration _admin = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Path, default);
        _admin = new BalAdministration(_store, TimeProvider.System, "test");
        await _admin.AddDomainAsync(Domain, default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static BalRequest Per(string address = $"jean.dupont@{Domain}", string? idNat = "810001234567") =>
        new(address, BalType.Per, idNat, null, [], false);

    [Fact]
    public async Task A_per_bal_is_created_with_the_special_use_folders()
    {
        var bal = await _admin.AddBalAsync(Per("Jean.Dupont@OPERATEUR-A.mssante.test"), default);

        bal.Address.ShouldBe($"jean.dupont@{Domain}");
        bal.Holder.ShouldBe("810001234567");
        var folders = await _store.Mailboxes.ListFoldersAsync(bal.Id, default);
        folders.Select(f => f.SpecialUse).ShouldBe([SpecialUse.Archive, SpecialUse.Drafts, SpecialUse.None, SpecialUse.Junk, SpecialUse.Sent, SpecialUse.Trash], ignoreOrder: true);
        folders.Select(f => f.Name).ShouldContain("INBOX");
    }

    [Fact]
    public async Task An_org_bal_keeps_its_authorised_users()
    {
        var bal = await _admin.AddBalAsync(new BalRequest($"secretariat@{Domain}", BalType.Org, null, "1750000001", ["810001234567", "899700218896", "810001234567"], true), default);

        bal.Holder.ShouldBe("1750000001");
        bal.AuthorizedIdNats.ShouldBe(["810001234567", "899700218896"]);
        bal.ListeRouge.ShouldBeTrue();
    }

    public static TheoryData<BalRequest, string> Refusals => new()
    {
        { Per("not-an-address"), "not an e-mail address" },
        { Per("a@elsewhere.test"), "domain elsewhere.test is not hosted here" },
        { Per(idNat: null), "needs the IdNat of its holder" },
        { Per(idNat: "12"), "'12' is not an IdNat" },
        { new BalRequest($"p@{Domain}", BalType.Per, "810001234567", "1750000001", [], false), "give --idnat, not --idnatstruc" },
        { new BalRequest($"p@{Domain}", BalType.Per, "810001234567", null, ["899700218896"], false), "Only an ORG BAL has authorised users" },
        { new BalRequest($"app@{Domain}", BalType.App, null, null, [], false), "An APP BAL needs the IdNatStruc of its structure" },
        { new BalRequest($"app@{Domain}", BalType.App, "810001234567", null, [], false), "give --idnatstruc, not --idnat" },
        { new BalRequest($"app@{Domain}", BalType.App, null, "99", [], false), "'99' is not an IdNatStruc" },
        { new BalRequest($"org@{Domain}", BalType.Org, null, "1750000001", ["nope"], false), "'nope' is not an IdNat" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_requests_are_refused_with_one_sentence_and_change_nothing(BalRequest request, string expected)
    {
        var auditBefore = await _store.Audit.ListAsync(null, 100, default);

        var error = await Should.ThrowAsync<AdministrationException>(() => _admin.AddBalAsync(request, default));

        error.Message.ShouldContain(expected);
        error.Message.ShouldNotContain("\n");
        (await _admin.ListBalsAsync(null, default)).ShouldBeEmpty();
        (await _store.Audit.ListAsync(null, 100, default)).Count.ShouldBe(auditBefore.Count);
    }

    [Fact]
    public async Task A_duplicate_bal_is_refused()
    {
        await _admin.AddBalAsync(Per(), default);

        var error = await Should.ThrowAsync<AdministrationException>(() => _admin.AddBalAsync(Per($"JEAN.DUPONT@{Domain}"), default));

        error.Message.ShouldBe($"The BAL jean.dupont@{Domain} exists already.");
    }

    [Fact]
    public async Task Deletion_takes_two_deliberate_steps_unless_forced()
    {
        await _admin.AddBalAsync(Per(), default);
        await _admin.AddBalAsync(Per($"other@{Domain}"), default);

        var error = await Should.ThrowAsync<AdministrationException>(() => _admin.DeleteBalAsync($"jean.dupont@{Domain}", false, default));
        error.Message.ShouldContain("set its status to deleted first");

        await _admin.SetStatusAsync($"jean.dupont@{Domain}", BalStatus.Deleted, default);
        await _admin.DeleteBalAsync($"jean.dupont@{Domain}", false, default);
        await _admin.DeleteBalAsync($"other@{Domain}", true, default);

        (await _admin.ListBalsAsync(null, default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_trail()
    {
        await _admin.AddBalAsync(Per(), default);
        await _admin.SetStatusAsync($"jean.dupont@{Domain}", BalStatus.Unpublished, default);

        var trail = await _store.Audit.ListAsync(null, 10, default);

        trail.Select(r => r.Event.Action).ShouldBe(["bal.set-status unpublished", "bal.add", $"domain.add {Domain}"]);
        trail.ShouldAllBe(r => r.Event.Category == "administration" && r.Event.Outcome == "success" && r.Event.Actor == "test");
    }

    [Fact]
    public async Task Unknown_bals_and_bad_domains_get_a_sentence()
    {
        (await Should.ThrowAsync<AdministrationException>(() => _admin.GetBalAsync($"nobody@{Domain}", default))).Message.ShouldBe($"There is no BAL nobody@{Domain}.");
        (await Should.ThrowAsync<AdministrationException>(() => _admin.SetStatusAsync($"nobody@{Domain}", BalStatus.Active, default))).Message.ShouldContain("There is no BAL");
        (await Should.ThrowAsync<AdministrationException>(() => _admin.AddDomainAsync("bad domain", default))).Message.ShouldBe("'bad domain' is not a domain name.");
        (await Should.ThrowAsync<AdministrationException>(() => _admin.AddDomainAsync(Domain.ToUpperInvariant(), default))).Message.ShouldBe($"The domain {Domain} exists already.");
    }
}
