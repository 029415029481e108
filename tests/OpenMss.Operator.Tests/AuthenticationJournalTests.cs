using Microsoft.Extensions.Logging.Abstractions;
using OpenMss.Operator.Administration;
using OpenMss.Operator.Authentication;
using OpenMss.Storage;
using OpenMss.Storage.Model;
using OpenMss.Storage.Sqlite;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>The shared journal of authentication records: batched across sessions, granted before the commit by default.</summary>
public sealed class AuthenticationJournalTests : IAsyncLifetime
{
    private const string Domain = "operateur-a.mssante.test";
    private readonly TempDirectory _directory = new();
    private IMailStore _store = null!;
    private long _balId;

    public async Task InitializeAsync()
    {
        _store = await SqliteMailStore.OpenAsync(_directory.Path, default);
        var admin = new BalAdministration(_store, TimeProvider.System, "test");
        await admin.AddDomainAsync(Domain, default);
        await admin.AddBalAsync(new BalRequest($"jean.dupont@{Domain}", BalType.Per, "810001234567", null, [], false), default);
        _balId = (await _store.Directory.FindBalAsync($"jean.dupont@{Domain}", default))!.Id;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static AuthenticationRecord Success(long balId, int i) =>
        new(new AuditEvent(DateTimeOffset.UtcNow, "authentication", "xoauth2", "success", $"jean.dupont@{Domain}", "psc", "XOAUTH2", $"attempt {i}", "810001234567"), balId, AuthFront.Psc);

    private async Task<int> AuthenticationRowsAsync() =>
        (await _store.Audit.ListAsync(null, 1000, default)).Count(r => r.Event.Category == "authentication");

    [Fact]
    public async Task Records_of_concurrent_sessions_are_committed_by_a_flush_and_count_once_each()
    {
        var journal = new AuthenticationJournal(_store, TimeProvider.System, NullLogger.Instance, awaitCommit: false);
        await using (journal)
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => journal.RecordAsync(Success(_balId, i), default).AsTask()));
            await journal.FlushAsync(default);

            (await AuthenticationRowsAsync()).ShouldBe(200);
            (await _store.Directory.FindBalAsync($"jean.dupont@{Domain}", default))!.LastAuthentications.Keys.ShouldBe([AuthFront.Psc]);
        }
    }

    [Fact]
    public async Task Closing_the_journal_commits_what_is_still_queued()
    {
        var journal = new AuthenticationJournal(_store, TimeProvider.System, NullLogger.Instance, awaitCommit: false);
        for (var i = 0; i < 50; i++)
        {
            await journal.RecordAsync(Success(_balId, i), default);
        }

        await journal.DisposeAsync();

        (await AuthenticationRowsAsync()).ShouldBe(50);
    }

    [Fact]
    public async Task In_strict_mode_a_record_is_committed_when_the_call_returns()
    {
        await using var journal = new AuthenticationJournal(_store, TimeProvider.System, NullLogger.Instance, awaitCommit: true);

        await journal.RecordAsync(Success(_balId, 1), default);

        (await AuthenticationRowsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task An_authentication_of_a_bal_unpublished_for_inactivity_republishes_it_and_says_so_in_the_audit()
    {
        (await _store.Directory.UnpublishForInactivityAsync(_balId, DateTimeOffset.UtcNow, default)).ShouldBeTrue();
        await using var journal = new AuthenticationJournal(_store, TimeProvider.System, NullLogger.Instance, awaitCommit: false);

        await journal.RecordAsync(Success(_balId, 1), default);
        await journal.FlushAsync(default);

        (await _store.Directory.FindBalAsync($"jean.dupont@{Domain}", default))!.Status.ShouldBe(BalStatus.Active);
        (await _store.Audit.ListAsync($"jean.dupont@{Domain}", 10, default)).ShouldContain(r => r.Event.Action == "republish" && r.Event.Actor == "lifecycle");
    }
}
