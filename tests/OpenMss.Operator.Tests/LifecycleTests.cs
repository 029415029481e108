using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Jobs;
using OpenMss.Operator.Lifecycle;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>The BAL lifecycle over a simulated year, on a manual clock and a real store.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private const string Idle = $"idle@{Domain}";
    private const string Returning = $"returning@{Domain}";
    private const string Service = $"service@{Domain}";
    private const string Software = $"dpi@{Domain}";
    private const string Support = $"support@{Domain}";
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Start);
    private IMailStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Path, default);
        var admin = new BalAdministration(_store, _clock, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest(Idle, BalType.Per, "810001234567", null, [], false), default);
        await admin.AddBalAsync(new BalRequest(Returning, BalType.Per, "810002345678", null, [], true), default);
        await admin.AddBalAsync(new BalRequest(Service, BalType.Org, null, "1750000001", ["810001234567"], false), default);
        await admin.AddBalAsync(new BalRequest(Software, BalType.App, null, "1750000001", [], false), default);
        await admin.AddBalAsync(new BalRequest(Support, BalType.Org, null, "1750000001", ["810003456789"], false), default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static LifecycleOptions Options => new() { ContactAddress = Support };

    [Fact]
    public async Task A_year_unpublishes_then_warns_then_deletes_and_an_authentication_republishes()
    {
        var scheduler = new JobScheduler(_store.Jobs, [new LifecycleSchedule(new LifecycleJob(_store, Options), Options)], "node-a", _clock, NullLogger.Instance);
        var events = new List<(int Day, string Action, string Bal)>();
        for (var day = 0; day <= 380; day++)
        {
            if (day == 200)
            {
                await AuthenticateAsync(Returning);
                await AuthenticateAsync(Support);
            }

            (await scheduler.RunDueAsync(default)).ShouldBe([("lifecycle", _clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))]);
            (await scheduler.RunDueAsync(default)).ShouldBeEmpty("a day's period runs once");
            foreach (var entry in (await _store.Audit.ListAsync(null, 100, default)).Where(e => e.Event.Category == "lifecycle" && e.Event.At == _clock.GetUtcNow()))
            {
                events.Add((day, entry.Event.Action, entry.Event.BalAddress!));
            }

            _clock.Advance(TimeSpan.FromDays(1));
        }

        events.Where(e => e.Bal == Idle).ShouldBe([(90, "unpublish", Idle), (335, "deletion-notice 30d", Idle), (358, "deletion-notice 7d", Idle), (365, "delete", Idle)]);
        events.Where(e => e.Bal == Service).Select(e => (e.Day, e.Action)).ShouldBe([(90, "unpublish"), (335, "deletion-notice 30d"), (358, "deletion-notice 7d"), (365, "delete")]);
        events.Where(e => e.Bal == Returning).Select(e => (e.Day, e.Action)).ShouldBe([(90, "unpublish"), (200, "republish"), (290, "unpublish")], "back at day 200, idle again 90 days later");
        events.Where(e => e.Bal == Software).ShouldBeEmpty("an APP BAL is software's");
        (await _store.Directory.FindBalAsync(Idle, default)).ShouldBeNull();
        (await _store.Directory.FindBalAsync(Software, default))!.Status.ShouldBe(BalStatus.Active);
        (await _store.Directory.FindBalAsync(Returning, default))!.Status.ShouldBe(BalStatus.Unpublished);

        var republished = (await _store.Audit.ListAsync(Returning, 10, default)).Where(e => e.Event.Action == "republish").ShouldHaveSingleItem();
        republished.Event.At.ShouldBe(Start.AddDays(200));

        var toReturning = await MessagesAsync(Returning);
        toReturning.Count.ShouldBe(2);
        toReturning[0].ShouldContain("Auto-Submitted: auto-generated");
        toReturning[0].ShouldContain($"From: <postmaster@{Domain}>");
        toReturning[0].ShouldContain("Elle y reviendra dès votre prochaine connexion");
        var support = await MessagesAsync(Support);
        support.Count(m => m.Contains(Idle, StringComparison.Ordinal)).ShouldBe(4, "the contact gets every notice, the deletion's too");
        support.ShouldContain(m => m.Contains("sera supprimée avec tous ses messages le 2027-01-05", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_shows_what_is_due_and_changes_nothing()
    {
        var at = Start.AddDays(100);

        var report = await new LifecycleJob(_store, Options).RunAsync(at, dryRun: true, default);

        report.BalsScanned.ShouldBe(5);
        report.Actions.Select(a => (a.Bal.Address, a.Step, a.Applied)).ShouldBe(
            [(Idle, LifecycleStep.Unpublish, false), (Returning, LifecycleStep.Unpublish, false), (Service, LifecycleStep.Unpublish, false), (Support, LifecycleStep.Unpublish, false)]);
        (await _store.Directory.ListBalsAsync(null, default)).ShouldAllBe(b => b.Status == BalStatus.Active);
        (await MessagesAsync(Support)).ShouldBeEmpty();
        (await _store.Audit.ListAsync(null, 100, default)).ShouldNotContain(e => e.Event.Category == "lifecycle");
    }

    [Fact]
    public async Task A_late_first_run_sends_the_last_notice_and_deletes_only_after_its_full_time()
    {
        var options = Options with { ContactAddress = null };
        var job = new LifecycleJob(_store, options);
        var late = Start.AddDays(500);

        var first = await job.RunAsync(late, dryRun: false, default);

        first.Actions.Where(a => a.Bal.Address == Idle).Select(a => (a.Step, a.NoticeDays)).ShouldBe([(LifecycleStep.Unpublish, (int?)null), (LifecycleStep.DeletionNotice, 7)]);
        (await job.RunAsync(late.AddDays(6), dryRun: false, default)).Actions.ShouldNotContain(a => a.Bal.Address == Idle);
        var deleted = await job.RunAsync(late.AddDays(7), dryRun: false, default);
        deleted.Actions.Where(a => a.Bal.Address == Idle).Select(a => a.Step).ShouldBe([LifecycleStep.Delete]);
    }

    [Fact]
    public async Task Two_nodes_ticking_together_run_each_day_once()
    {
        var options = Options;
        JobScheduler Node(string name) => new(_store.Jobs, [new LifecycleSchedule(new LifecycleJob(_store, options), options)], name, _clock, NullLogger.Instance);
        var nodes = new[] { Node("node-a"), Node("node-b"), Node("node-c") };
        _clock.Advance(TimeSpan.FromDays(90));

        var runs = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.RunDueAsync(default))));

        runs.Sum(r => r.Count).ShouldBe(1);
        (await _store.Audit.ListAsync(Idle, 10, default)).Count(e => e.Event.Action == "unpublish").ShouldBe(1);
        (await MessagesAsync(Idle)).Count.ShouldBe(1);
    }

    [Fact]
    public void Durations_out_of_order_are_refused_in_one_sentence()
    {
        Should.Throw<ArgumentException>(() => new LifecycleOptions { UnpublishAfterDays = 400 }.Checked())
            .Message.ShouldBe("Lifecycle: UnpublishAfterDays (400) must be at least 1 and below DeleteAfterDays (365).");
        Should.Throw<ArgumentException>(() => new LifecycleOptions { DeletionNoticeDays = [400] }.Checked())
            .Message.ShouldBe("Lifecycle: every DeletionNoticeDays must lie between 1 and DeleteAfterDays (365) - 1.");
    }

    private async Task AuthenticateAsync(string address)
    {
        var bal = (await _store.Directory.FindBalAsync(address, default))!;
        await using var journal = new Authentication.AuthenticationJournal(_store, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, awaitCommit: true);
        var psc = new Authentication.PscBalAuthenticator(new AcceptingValidator(bal.Type == BalType.Org ? bal.AuthorizedIdNats[0] : bal.Holder), _store, _clock, journal);
        (await psc.AuthenticateAsync(address, "token", "XOAUTH2", null, default)).Verdict.ShouldBe(Authentication.AuthenticationVerdict.Success);
    }

    private async Task<List<string>> MessagesAsync(string address)
    {
        var bal = (await _store.Directory.FindBalAsync(address, default))!;
        var inbox = (await _store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", default))!;
        var texts = new List<string>();
        foreach (var message in await _store.Mailboxes.FetchAsync(inbox.Id, UidSet.All, default))
        {
            await using var blob = await _store.Mailboxes.OpenBlobAsync(message.BlobId, default);
            using var reader = new StreamReader(blob, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            texts.Add(DecodeSubject(text));
        }

        return texts;
    }

    /// <summary>Appends the decoded Subject so assertions read the French text.</summary>
    private static string DecodeSubject(string message)
    {
        var start = message.IndexOf("Subject: =?utf-8?B?", StringComparison.Ordinal);
        if (start < 0)
        {
            return message;
        }

        start += "Subject: =?utf-8?B?".Length;
        var end = message.IndexOf("?=", start, StringComparison.Ordinal);
        return message + "\r\n" + Encoding.UTF8.GetString(Convert.FromBase64String(message[start..end]));
    }

    private sealed class AcceptingValidator(string idNat) : Psc.ITokenValidator
    {
        public Task<Psc.TokenValidation> ValidateAsync(string accessToken, CancellationToken cancellationToken) =>
            Task.FromResult(Psc.TokenValidation.Valid(new Psc.PscIdentity(idNat, "f:test:" + idNat, null, null, null, null, DateTimeOffset.MaxValue)));
    }
}
