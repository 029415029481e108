using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Storage.Tests;

/// <summary>What the lifecycle job, the indicator export and the job scheduler ask of a store.</summary>
public abstract partial class MailStoreContract
{
    [Fact]
    public async Task Activity_streams_every_bal_with_its_latest_authentication_on_any_front()
    {
        var per = await AddBalAsync("jean.dupont");
        var app = await AddBalAsync("dpi", BalType.App, "1750000001");
        await Store.Directory.RecordAuthenticationAsync(app.Id, AuthFront.AuthCli, Now.AddDays(3), default);
        await Store.Directory.RecordAuthenticationAsync(app.Id, AuthFront.Psc, Now.AddDays(2), default);

        var rows = await ToListAsync(Store.Directory.StreamActivityAsync(default));

        rows.Select(r => (r.Address, r.Type, r.Status, r.LastAuthentication, r.UnpublishedForInactivity, r.DeletionNoticeDays)).ShouldBe(
        [
            (per.Address, BalType.Per, BalStatus.Active, (DateTimeOffset?)null, false, (int?)null),
            (app.Address, BalType.App, BalStatus.Active, Now.AddDays(3), false, null),
        ]);
        rows[0].Created.ShouldBe(Now);
    }

    [Fact]
    public async Task Lifecycle_steps_act_only_on_a_bal_still_inactive_and_an_authentication_undoes_them()
    {
        var bal = await AddBalAsync();
        var later = Now.AddDays(1);

        (await Store.Directory.UnpublishForInactivityAsync(bal.Id, Now.AddSeconds(-1), default)).ShouldBeFalse("created after the activity the job saw");
        (await Store.Directory.UnpublishForInactivityAsync(bal.Id, Now, default)).ShouldBeTrue();
        (await Store.Directory.UnpublishForInactivityAsync(bal.Id, Now, default)).ShouldBeFalse("already unpublished");
        (await Store.Directory.RecordDeletionNoticeAsync(bal.Id, 30, later, Now, default)).ShouldBeTrue();
        var marked = await SingleActivityAsync();
        (marked.Status, marked.UnpublishedForInactivity, marked.DeletionNoticeDays, marked.DeletionNoticeAt).ShouldBe((BalStatus.Unpublished, true, (int?)30, (DateTimeOffset?)later));

        (await Store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.Psc, later, default)).ShouldBeTrue("the lifecycle had unpublished it");
        var back = await SingleActivityAsync();
        (back.Status, back.UnpublishedForInactivity, back.DeletionNoticeDays, back.DeletionNoticeAt).ShouldBe((BalStatus.Active, false, (int?)null, (DateTimeOffset?)null));
        (await Store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.Psc, later.AddHours(1), default)).ShouldBeFalse();

        // An authentication after the activity the job read wins over the job's acting.
        (await Store.Directory.UnpublishForInactivityAsync(bal.Id, Now, default)).ShouldBeFalse();
        (await Store.Directory.RecordDeletionNoticeAsync(bal.Id, 7, later, Now, default)).ShouldBeFalse();
        (await Store.Directory.DeleteInactiveBalAsync(bal.Id, Now, default)).ShouldBeFalse();
        (await Store.Directory.FindBalAsync(bal.Address, default)).ShouldNotBeNull();

        (await Store.Directory.DeleteInactiveBalAsync(bal.Id, later.AddHours(1), default)).ShouldBeTrue();
        (await Store.Directory.FindBalAsync(bal.Address, default)).ShouldBeNull();
    }

    [Fact]
    public async Task An_authentication_does_not_republish_a_bal_an_administrator_unpublished()
    {
        var bal = await AddBalAsync();
        await Store.Directory.SetBalStatusAsync(bal.Address, BalStatus.Unpublished, default);

        (await Store.Directory.RecordAuthenticationAsync(bal.Id, AuthFront.Psc, Now.AddDays(1), default)).ShouldBeFalse();

        (await Store.Directory.FindBalAsync(bal.Address, default))!.Status.ShouldBe(BalStatus.Unpublished);
    }

    [Fact]
    public async Task Indicators_stream_in_submission_order_within_the_range()
    {
        var inbox = await InboxAsync(await AddBalAsync("secretariat", BalType.Org, "1750000001"));
        foreach (var (id, at) in new[] { ("late", SubmittedAt.AddHours(2)), ("early", SubmittedAt), ("outside", SubmittedAt.AddDays(1)) })
        {
            await Store.Submissions.SubmitAsync(NewSubmission([inbox.Id]) with { MailId = id, SubmittedAt = at }, new MemoryStream(TestMessages.Create(id)), MaxSize, default);
        }

        var rows = await ToListAsync(Store.Submissions.StreamIndicatorsAsync(SubmittedAt, SubmittedAt.AddDays(1), default));

        rows.Select(r => (r.MailId, r.Recipient)).ShouldBe(
        [
            ("early", $"secretariat@{Domain}"), ("early", "dr.x@autre.mssante.test"),
            ("late", $"secretariat@{Domain}"), ("late", "dr.x@autre.mssante.test"),
        ]);
    }

    [Fact]
    public async Task A_job_lease_is_held_by_one_node_until_it_completes_or_expires()
    {
        var now = Now;

        (await Store.Jobs.TryLeaseAsync("lifecycle", "node-a", now, now.AddMinutes(10), default)).ShouldBeTrue();
        (await Store.Jobs.TryLeaseAsync("lifecycle", "node-b", now.AddMinutes(1), now.AddMinutes(11), default)).ShouldBeFalse();
        (await Store.Jobs.TryLeaseAsync("lifecycle", "node-a", now.AddMinutes(1), now.AddMinutes(11), default)).ShouldBeTrue("the holder renews");
        (await Store.Jobs.TryLeaseAsync("indicators", "node-b", now, now.AddMinutes(10), default)).ShouldBeTrue("jobs are leased apart");

        // node-a stalls past its lease: node-b takes over and node-a may no longer complete.
        (await Store.Jobs.TryLeaseAsync("lifecycle", "node-b", now.AddMinutes(11), now.AddMinutes(21), default)).ShouldBeTrue();
        (await Should.ThrowAsync<StoreException>(() => Store.Jobs.CompleteAsync("lifecycle", "node-a", "2026-11-22", now.AddMinutes(12), default))).Error.ShouldBe(StoreError.Conflict);
        await Store.Jobs.CompleteAsync("lifecycle", "node-b", "2026-11-22", now.AddMinutes(12), default);

        var state = (await Store.Jobs.FindAsync("lifecycle", default))!;
        (state.Holder, state.LeaseUntil, state.LastPeriod, state.LastCompleted).ShouldBe(((string?)null, (DateTimeOffset?)null, "2026-11-22", now.AddMinutes(12)));
        await Store.Jobs.ReleaseAsync("indicators", "node-b", default);
        (await Store.Jobs.TryLeaseAsync("indicators", "node-a", now, now.AddMinutes(10), default)).ShouldBeTrue();
        (await Store.Jobs.FindAsync("never", default)).ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_lease_attempts_let_exactly_one_node_in()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.Jobs.TryLeaseAsync("export", $"node-{i}", Now, Now.AddMinutes(5), default))));

        attempts.Count(taken => taken).ShouldBe(1);
    }

    [Fact]
    public async Task Every_change_the_annuaire_must_learn_queues_its_declaration_with_the_change()
    {
        var per = await AddBalAsync();
        var org = await AddBalAsync("secretariat", BalType.Org, "1750000001", "810001234567");
        await Store.Directory.SetListeRougeAsync(per.Address, true, default);
        await Store.Directory.SetAuthorizedUsersAsync(org.Address, ["810009876543", "810001234567"], default);
        await Store.Directory.SetBalStatusAsync(org.Address, BalStatus.Unpublished, default);
        await Store.Directory.UnpublishForInactivityAsync(per.Id, Now, default);
        await Store.Directory.RecordAuthenticationAsync(per.Id, AuthFront.Psc, Now.AddDays(1), default);
        await Store.Directory.DeleteBalAsync(org.Address, default);

        var rows = (await Store.Annuaire.ListAsync(null, unsentOnly: false, 20, default)).Reverse().ToList();

        rows.Select(r => (r.Address, r.Change)).ShouldBe(
        [
            (per.Address, BalChange.Created), (org.Address, BalChange.Created), (per.Address, BalChange.Changed), (org.Address, BalChange.Changed),
            (org.Address, BalChange.Status), (per.Address, BalChange.Unpublished), (per.Address, BalChange.Republished), (org.Address, BalChange.Deleted),
        ]);
        rows[^1].ShouldSatisfyAllConditions(r => r.Type.ShouldBe(BalType.Org), r => r.Holder.ShouldBe("1750000001"), r => r.Status.ShouldBe(DeclarationStatus.Pending));
        (await Store.Directory.FindBalAsync(per.Address, default))!.ListeRouge.ShouldBeTrue();
        await Refused(() => Store.Directory.SetListeRougeAsync("nobody@" + Domain, true, default), StoreError.NotFound);
        (await Store.Annuaire.ListAsync(null, false, 20, default)).Count.ShouldBe(8, "a refused change declares nothing");
    }

    [Fact]
    public async Task A_sent_declaration_settles_the_older_ones_of_its_bal_and_failures_are_kept_visible()
    {
        var per = await AddBalAsync();
        var org = await AddBalAsync("secretariat", BalType.Org, "1750000001");
        await Store.Directory.SetListeRougeAsync(per.Address, true, default);
        var due = await Store.Annuaire.ListDueAsync(Now, 10, default);
        due.Select(d => (d.Address, d.Change)).ShouldBe([(per.Address, BalChange.Created), (org.Address, BalChange.Created), (per.Address, BalChange.Changed)]);

        await Store.Annuaire.MarkSentAsync(due[2], Now, default);
        await Store.Annuaire.MarkAttemptFailedAsync(due[1].Id, "404: no Organization with this identifier", Now.AddMinutes(5), Now, default);

        (await Store.Annuaire.ListDueAsync(Now, 10, default)).ShouldBeEmpty();
        var retried = (await Store.Annuaire.ListDueAsync(Now.AddMinutes(5), 10, default)).ShouldHaveSingleItem();
        (retried.Address, retried.Attempts, retried.LastError).ShouldBe((org.Address, 1, "404: no Organization with this identifier"));
        await Store.Annuaire.MarkAttemptFailedAsync(retried.Id, "404 again", null, Now.AddMinutes(6), default);
        var unsent = (await Store.Annuaire.ListAsync(org.Address, unsentOnly: true, 10, default)).ShouldHaveSingleItem();
        (unsent.Status, unsent.Attempts, unsent.LastError, unsent.Finished).ShouldBe((DeclarationStatus.Failed, 2, "404 again", (DateTimeOffset?)Now.AddMinutes(6)));
        (await Store.Annuaire.ListAsync(per.Address, unsentOnly: true, 10, default)).ShouldBeEmpty();
        (await Store.Annuaire.ListAsync(per.Address, unsentOnly: false, 10, default)).ShouldAllBe(d => d.Status == DeclarationStatus.Sent);
    }

    [Fact]
    public async Task Authentications_of_many_sessions_commit_together_with_their_audit_rows()
    {
        var bal = await AddBalAsync();
        var app = await AddBalAsync("dpi", BalType.App, "1750000001");
        (await Store.Directory.UnpublishForInactivityAsync(bal.Id, Now, default)).ShouldBeTrue();
        var success = new AuditEvent(Now.AddHours(1), "authentication", "xoauth2", "success", bal.Address, "psc", "XOAUTH2", "valid token", "810001234567");
        var failure = success with { At = Now.AddHours(2), Outcome = "failure", Reason = "token refused" };
        var app1 = success with { BalAddress = app.Address, Front = "authcli", At = Now.AddHours(3) };
        var gone = success with { BalAddress = "gone@x" };

        var republished = await Store.Directory.RecordAuthenticationsAsync(
            [new(success, bal.Id, AuthFront.Psc), new(failure), new(app1, app.Id, AuthFront.AuthCli), new(gone, 999_999, AuthFront.Psc)], default);

        republished.ShouldBe([bal.Id]);
        (await Store.Audit.ListAsync(null, 10, default)).Select(a => a.Event).ShouldBe([gone, app1, failure, success], ignoreOrder: true);
        (await Store.Directory.FindBalAsync(bal.Address, default))!.LastAuthentications[AuthFront.Psc].ShouldBe(Now.AddHours(1));
        (await Store.Directory.FindBalAsync(bal.Address, default))!.Status.ShouldBe(BalStatus.Active);
        (await Store.Directory.FindBalAsync(app.Address, default))!.LastAuthentications[AuthFront.AuthCli].ShouldBe(Now.AddHours(3));
        (await Store.Directory.RecordAuthenticationsAsync([], default)).ShouldBeEmpty();
    }

    private async Task<BalActivity> SingleActivityAsync() => (await ToListAsync(Store.Directory.StreamActivityAsync(default))).ShouldHaveSingleItem();

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
