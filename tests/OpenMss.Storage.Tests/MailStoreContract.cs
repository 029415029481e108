using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>
/// The behaviour every store backend must have. Each backend's test class only says how to open a fresh store;
/// every test here then runs against it unchanged.
/// </summary>
public abstract partial class MailStoreContract : IAsyncLifetime
{
    protected const string Domain = "operateur-a.mssante.test";
    protected const long MaxSize = 1024 * 1024;

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    protected IMailStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await CleanUpAsync();
    }

    /// <summary>Opens the store under test; called again by tests that reopen it on the same data.</summary>
    protected abstract Task<IMailStore> OpenStoreAsync();

    /// <summary>Runs SQL straight on the backend, for tests that tamper with the store behind its back.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    protected abstract Task CleanUpAsync();

    protected async Task<Bal> AddBalAsync(string local = "jean.dupont", BalType type = BalType.Per, string holder = "810001234567", params string[] authorized)
    {
        if (await Store.Directory.FindDomainAsync(Domain, default) is null)
        {
            await Store.Directory.AddDomainAsync(Domain, Now, default);
        }

        return await Store.Directory.AddBalAsync(
            new NewBal($"{local}@{Domain}", type, holder, authorized, ListeRouge: false, Now),
            [new NewFolder("INBOX"), new NewFolder("Sent", SpecialUse.Sent)],
            default);
    }

    protected async Task<Folder> InboxAsync(Bal bal) => (await Store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;

    protected Task<AppendResult> AppendAsync(Folder folder, string subject, MessageFlags flags = MessageFlags.None, params string[] keywords) =>
        Store.Mailboxes.AppendAsync(folder.Id, new MemoryStream(TestMessages.Create(subject)), FlagSet.Create(flags, keywords), Now, MaxSize, default);

    protected static async Task<StoreException> Refused(Func<Task> action, StoreError expected)
    {
        var error = await Should.ThrowAsync<StoreException>(action);
        error.Error.ShouldBe(expected);
        return error;
    }

    [Fact]
    public async Task Domains_are_added_listed_and_unique()
    {
        await Store.Directory.AddDomainAsync("b.mssante.test", Now, default);
        await Store.Directory.AddDomainAsync("a.mssante.test", Now, default);

        (await Store.Directory.ListDomainsAsync(default)).Select(d => d.Name).ShouldBe(["a.mssante.test", "b.mssante.test"]);
        (await Store.Directory.FindDomainAsync("a.mssante.test", default))!.Created.ShouldBe(Now);
        (await Store.Directory.FindDomainAsync("c.mssante.test", default)).ShouldBeNull();
        await Refused(() => Store.Directory.AddDomainAsync("a.mssante.test", Now, default), StoreError.AlreadyExists);
    }

    [Fact]
    public async Task A_bal_is_created_with_its_folders_in_one_step()
    {
        var bal = await AddBalAsync("secretariat", BalType.Org, "1750000001", "810001234567", "810009876543");

        bal.Address.ShouldBe($"secretariat@{Domain}");
        bal.Type.ShouldBe(BalType.Org);
        bal.Holder.ShouldBe("1750000001");
        bal.AuthorizedIdNats.ShouldBe(["810001234567", "810009876543"]);
        bal.Status.ShouldBe(BalStatus.Active);
        bal.Created.ShouldBe(Now);
        bal.LastAuthentications.ShouldBeEmpty();
        var folders = await Store.Mailboxes.ListFoldersAsync(bal.Id, default);
        folders.Select(f => (f.Name, f.SpecialUse)).ShouldBe([("INBOX", SpecialUse.None), ("Sent", SpecialUse.Sent)]);
        folders.ShouldAllBe(f => f.UidNext == 1 && f.Subscribed);
        folders.Select(f => f.UidValidity).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task The_bals_naming_a_professional_are_those_they_hold_or_are_authorised_on()
    {
        await AddBalAsync("jean.dupont", BalType.Per, "810001234567");
        await AddBalAsync("secretariat", BalType.Org, "1750000001", "810009876543", "810001234567");
        await AddBalAsync("accueil", BalType.Org, "1750000001", "810009876543");
        await AddBalAsync("marie.martin", BalType.Per, "810009876543");

        (await Store.Directory.ListBalsNamingAsync("810001234567", default)).Select(b => b.Address).ShouldBe([$"jean.dupont@{Domain}", $"secretariat@{Domain}"]);
        (await Store.Directory.ListBalsNamingAsync("810009876543", default)).Select(b => b.Address).ShouldBe([$"accueil@{Domain}", $"marie.martin@{Domain}", $"secretariat@{Domain}"]);
        (await Store.Directory.ListBalsNamingAsync("1750000001", default)).Count.ShouldBe(2, "an ORG BAL's holder is its structure");
        (await Store.Directory.ListBalsNamingAsync("810000000000", default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_bal_directory_comes_a_page_at_a_time_filtered_by_domain_and_search_with_its_total()
    {
        for (var i = 0; i < 25; i++)
        {
            await AddBalAsync($"bal{i:D2}", BalType.Per, $"8100000000{i:D2}");
        }

        await AddBalAsync("secretariat", BalType.Org, "1750000001", "810000000003");
        await AddBalAsync("a_b%c", BalType.Per, "810000000099");
        await Store.Directory.AddDomainAsync("autre.mssante.test", Now, default);
        await Store.Directory.AddBalAsync(new NewBal("bal00@autre.mssante.test", BalType.Per, "810000000000", [], false, Now), [new NewFolder("INBOX")], default);

        var first = await Store.Directory.ListBalsPageAsync(Domain, null, 0, 10, default);
        first.Total.ShouldBe(27);
        first.Bals.Select(b => b.Address).ShouldBe(Enumerable.Range(0, 9).Select(i => $"bal{i:D2}@{Domain}").Prepend($"a_b%c@{Domain}"));
        var last = await Store.Directory.ListBalsPageAsync(Domain, null, 20, 10, default);
        last.Bals.Select(b => b.Address).ShouldBe([.. Enumerable.Range(19, 6).Select(i => $"bal{i:D2}@{Domain}"), $"secretariat@{Domain}"]);
        last.Bals[^1].AuthorizedIdNats.ShouldBe(["810000000003"], "a page's BALs come whole");
        (await Store.Directory.ListBalsPageAsync(null, null, 0, 100, default)).Total.ShouldBe(28);

        var searched = await Store.Directory.ListBalsPageAsync(null, "BAL0", 0, 5, default);
        searched.Total.ShouldBe(11, "bal00 to bal09 here and bal00 in the other domain, whatever the case");
        searched.Bals.Count.ShouldBe(5);
        (await Store.Directory.ListBalsPageAsync(Domain, "1750000001", 0, 10, default)).Bals.ShouldHaveSingleItem().Address.ShouldBe($"secretariat@{Domain}");
        (await Store.Directory.ListBalsPageAsync(Domain, "_b%", 0, 10, default)).Bals.ShouldHaveSingleItem().Address.ShouldBe($"a_b%c@{Domain}", "the search is a substring, not a pattern");
        (await Store.Directory.ListBalsPageAsync(Domain, "%", 0, 10, default)).Total.ShouldBe(1);
        var none = await Store.Directory.ListBalsPageAsync(Domain, "nobody", 0, 10, default);
        none.Total.ShouldBe(0);
        none.Bals.ShouldBeEmpty();

        var counts = await Store.Directory.CountBalsByDomainAsync(default);
        counts.ShouldBe(new Dictionary<string, int> { [Domain] = 27, ["autre.mssante.test"] = 1 }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_duplicate_bal_or_an_unknown_domain_changes_nothing()
    {
        var bal = await AddBalAsync();

        await Refused(() => AddBalAsync(), StoreError.AlreadyExists);
        await Refused(
            () => Store.Directory.AddBalAsync(new NewBal("x@unknown.test", BalType.Per, "810001234567", [], false, Now), [new NewFolder("INBOX")], default),
            StoreError.NotFound);

        (await Store.Directory.ListBalsAsync(null, default)).Select(b => b.Address).ShouldBe([bal.Address]);
        (await Store.Mailboxes.ListFoldersAsync(bal.Id, default)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Bals_are_listed_by_domain_and_status_changes_stick()
    {
        await AddBalAsync("b");
        await AddBalAsync("a", BalType.App, "1750000001");
        await Store.Directory.AddDomainAsync("other.test", Now, default);

        (await Store.Directory.ListBalsAsync(Domain, default)).Select(b => b.Address).ShouldBe([$"a@{Domain}", $"b@{Domain}"]);
        (await Store.Directory.ListBalsAsync("other.test", default)).ShouldBeEmpty();
        (await Store.Directory.SetBalStatusAsync($"a@{Domain}", BalStatus.Unpublished, default)).Status.ShouldBe(BalStatus.Unpublished);
        (await Store.Directory.FindBalAsync($"a@{Domain}", default))!.Status.ShouldBe(BalStatus.Unpublished);
        await Refused(() => Store.Directory.SetBalStatusAsync($"zz@{Domain}", BalStatus.Deleted, default), StoreError.NotFound);
    }

    [Fact]
    public async Task Last_authentication_is_kept_per_front_and_never_goes_back()
    {
        var bal = await AddBalAsync();

        await Store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.Psc, Now.AddHours(2), default);
        await Store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.Psc, Now.AddHours(1), default);
        await Store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.AuthCli, Now, default);

        var logins = (await Store.Directory.FindBalAsync(bal.Address, default))!.LastAuthentications;
        logins[AuthFront.Psc].ShouldBe(Now.AddHours(2));
        logins[AuthFront.AuthCli].ShouldBe(Now);
        await Refused(() => Store.Directory.RecordAuthenticationAsync(999_999, AuthFront.Psc, Now, default), StoreError.NotFound);
    }

    [Fact]
    public async Task Deleting_a_bal_removes_its_folders_and_messages_and_wakes_watchers()
    {
        var bal = await AddBalAsync();
        var inbox = await InboxAsync(bal);
        await AppendAsync(inbox, "one");
        using var watch = Store.Changes.Watch(inbox.Id);

        await Store.Directory.DeleteBalAsync(bal.Address, default);

        (await Store.Directory.FindBalAsync(bal.Address, default)).ShouldBeNull();
        (await Store.Mailboxes.GetFolderAsync(inbox.Id, default)).ShouldBeNull();
        // On PostgreSQL the append's own notice may still be on its way (LISTEN is asynchronous): the deletion's
        // notice (0) must come, whatever came before it; Timeout() bounds the wait.
        var deadline = Timeout();
        while (await watch.WaitAsync(deadline) != 0UL)
        {
        }

        await Refused(() => Store.Directory.DeleteBalAsync(bal.Address, default), StoreError.NotFound);
    }

    protected static CancellationToken Timeout(int seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
