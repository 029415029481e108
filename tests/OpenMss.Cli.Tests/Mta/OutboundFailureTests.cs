using System.Text.Json;
using MimeKit;
using OpenMss.TestSupport;
using DeliveryStatusNotification = MailKit.DeliveryStatusNotification;

namespace OpenMss.Cli.Tests.Mta;

/// <summary>
/// What A's outbound queue does when B is down, refuses a recipient, runs out of retries or presents a certificate
/// the whitelist does not list for its domain: retry, report (RFC 3464) to the sender's INBOX, and say so in
/// <c>openmss domains status</c>.
/// </summary>
public sealed class OutboundFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(30);
    private TwoOperators _operators = null!;

    private static string BobAtB => $"jean.dupont@{TwoOperators.B.Domain}";

    public async Task InitializeAsync() => _operators = await TwoOperators.CreateAsync();

    public async Task DisposeAsync() => await _operators.DisposeAsync();

    private async Task<JsonElement[]> DomainsStatusAsync(params string[] options)
    {
        var result = await ProcessRunner.RunAsync(Repository.Wrapper, [.. _operators.StoreArguments[TwoOperators.A], "domains", "status", "--json", .. options], timeout: TimeSpan.FromSeconds(60));
        result.ExitCode.ShouldBe(0, result.Error);
        return [.. JsonDocument.Parse(result.Out).RootElement.EnumerateArray()];
    }

    private async Task<List<MimeMessage>> ReportsAsync() => [.. (await _operators.InboxAsync(TwoOperators.A, "dpi")).Where(m => m.Body is MultipartReport)];

    /// <summary>A's outbound queue once <paramref name="done"/> holds of it (bounded).</summary>
    private async Task<IReadOnlyList<OpenMss.Storage.Model.QueuedRecipient>> WaitForQueueAsync(Func<IReadOnlyList<OpenMss.Storage.Model.QueuedRecipient>, bool> done)
    {
        var deadline = DateTime.UtcNow + Seconds;
        while (true)
        {
            await using var store = await _operators.OpenStoreAsync(TwoOperators.A);
            var rows = await store.Queue.ListAsync(100, default);
            if (done(rows))
            {
                return rows;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the queue never reached the state the test waits for");
            await Task.Delay(100);
        }
    }

    private async Task<List<MimeMessage>> WaitForReportsAsync(int count)
    {
        var deadline = DateTime.UtcNow + Seconds;
        while (true)
        {
            var reports = await ReportsAsync();
            if (reports.Count >= count || DateTime.UtcNow > deadline)
            {
                return reports;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_peer_down_is_retried_named_in_domains_status_and_delivered_once_back()
    {
        await _operators.StartAsync(TwoOperators.A);
        await _operators.SubmitAsync(TwoOperators.A, [BobAtB], "while B was down");

        var deadline = DateTime.UtcNow + Seconds;
        JsonElement[] failing;
        do
        {
            await Task.Delay(300);
            failing = await DomainsStatusAsync("--failing-since", "0");
        }
        while (failing.Length == 0 && DateTime.UtcNow < deadline);

        var domain = failing.ShouldHaveSingleItem();
        domain.GetProperty("domain").GetString().ShouldBe(TwoOperators.B.Domain);
        domain.GetProperty("state").GetString().ShouldBe("failing");
        domain.GetProperty("lastError").GetString()!.ShouldContain("mx.operateur-b.mssante.test");
        (await DomainsStatusAsync("--failing-since", "2")).ShouldBeEmpty();

        await _operators.StartAsync(TwoOperators.B);

        (await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 1, Seconds)).ShouldBe(["while B was down"], _operators.Log(TwoOperators.A));
        var deadlineOk = DateTime.UtcNow + Seconds;
        while ((await DomainsStatusAsync()).Single().GetProperty("state").GetString() != "ok" && DateTime.UtcNow < deadlineOk)
        {
            await Task.Delay(200);
        }

        (await DomainsStatusAsync()).Single().GetProperty("state").GetString().ShouldBe("ok");
        (await ReportsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Retries_exhausted_send_a_delivery_report_with_the_original_headers_to_the_sender()
    {
        await _operators.StartAsync(TwoOperators.A, "--Mta:MaximalLifetime=00:00:03");

        await _operators.SubmitAsync(TwoOperators.A, [BobAtB], "never arrives");

        var report = (await WaitForReportsAsync(1)).ShouldHaveSingleItem(_operators.Log(TwoOperators.A));
        report.From.Mailboxes.Single().Address.ShouldBe($"MAILER-DAEMON@{TwoOperators.A.MxHost}");
        report.Headers["Auto-Submitted"].ShouldBe("auto-replied");
        var body = (MultipartReport)report.Body!;
        body.ReportType.ShouldBe("delivery-status");
        var status = body.OfType<MessageDeliveryStatus>().Single();
        var recipient = status.StatusGroups[1];
        (recipient["Final-Recipient"], recipient["Action"], recipient["Status"]).ShouldBe(($"rfc822; {BobAtB}", "failed", "4.4.7"));
        recipient["Diagnostic-Code"]!.ShouldContain("Retries exhausted");
        status.StatusGroups[0]["Reporting-MTA"].ShouldBe($"dns; {TwoOperators.A.MxHost}");
        body.OfType<TextRfc822Headers>().Single().Message!.Subject.ShouldBe("never arrives");
    }

    [Fact]
    public async Task A_sender_who_asked_hears_once_of_a_delay_and_the_message_still_arrives()
    {
        await _operators.StartAsync(TwoOperators.A, "--Mta:DelayReports=true", "--Mta:DelayWarningTime=00:00:01");

        await _operators.SubmitAsync(TwoOperators.A, [BobAtB], "en retard", DeliveryStatusNotification.Failure | DeliveryStatusNotification.Delay);

        var report = (await WaitForReportsAsync(1)).ShouldHaveSingleItem(_operators.Log(TwoOperators.A));
        report.Subject.ShouldBe("Message retardé / Delayed Mail (still being retried)");
        var recipient = ((MultipartReport)report.Body!).OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        (recipient["Action"], recipient["Final-Recipient"]).ShouldBe(("delayed", $"rfc822; {BobAtB}"));
        recipient["Will-Retry-Until"].ShouldNotBeNull();
        var reportedAt = (await WaitForQueueAsync(rows => rows.Single().DelayReported)).Single().Attempts;
        await WaitForQueueAsync(rows => rows.Single().Attempts >= reportedAt + 2); // two more retries: no second report
        (await ReportsAsync()).Count.ShouldBe(1);

        await _operators.StartAsync(TwoOperators.B);
        (await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 1, Seconds)).ShouldBe(["en retard"]);
        (await ReportsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_recipient_the_peer_refuses_fails_at_once_and_the_others_of_the_message_arrive()
    {
        await _operators.StartAsync(TwoOperators.A);
        await _operators.StartAsync(TwoOperators.B);

        await _operators.SubmitAsync(TwoOperators.A, [BobAtB, $"personne@{TwoOperators.B.Domain}"], "half", DeliveryStatusNotification.Failure);

        (await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 1, Seconds)).ShouldBe(["half"]);
        var report = (await WaitForReportsAsync(1)).ShouldHaveSingleItem(_operators.Log(TwoOperators.A));
        var groups = ((MultipartReport)report.Body!).OfType<MessageDeliveryStatus>().Single().StatusGroups;
        groups.Count.ShouldBe(2);
        (groups[1]["Final-Recipient"], groups[1]["Status"], groups[1]["Remote-MTA"]).ShouldBe(($"rfc822; personne@{TwoOperators.B.Domain}", "5.1.1", $"dns; {TwoOperators.B.MxHost}"));
        groups[1]["Diagnostic-Code"].ShouldBe("smtp; 550 5.1.1 No such BAL here.");
    }

    [Fact]
    public async Task A_full_bal_is_retried_and_fails_with_5_2_2_when_it_stays_full()
    {
        await _operators.StartAsync(TwoOperators.A, "--Mta:FullMailboxLifetime=00:00:05");
        await _operators.StartAsync(TwoOperators.B, "--Quota:Messages=1");
        await _operators.SubmitAsync(TwoOperators.A, [BobAtB], "fits");
        (await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 1, Seconds)).ShouldBe(["fits"]);

        await _operators.SubmitAsync(TwoOperators.A, [BobAtB], "no room", DeliveryStatusNotification.Failure);

        // B answers 552 5.2.2 at RCPT; A treats it as temporary (RFC 5321 §4.5.3.1.10) and tries again.
        await WaitForQueueAsync(rows => rows.Any(r => r.Attempts >= 2 && r.LastError?.Contains("552 5.2.2", StringComparison.Ordinal) == true));
        var report = (await WaitForReportsAsync(1)).ShouldHaveSingleItem(_operators.Log(TwoOperators.A));
        var recipient = ((MultipartReport)report.Body!).OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        (recipient["Final-Recipient"], recipient["Action"], recipient["Status"]).ShouldBe(($"rfc822; {BobAtB}", "failed", "5.2.2"));
        recipient["Diagnostic-Code"]!.ShouldContain("stayed full");
        (await _operators.InboxAsync(TwoOperators.B, "jean.dupont")).Select(m => m.Subject).ShouldBe(["fits"]);
    }

    [Fact]
    public async Task No_report_when_the_sender_asked_for_none()
    {
        await _operators.StartAsync(TwoOperators.A);
        await _operators.StartAsync(TwoOperators.B);

        await _operators.SubmitAsync(TwoOperators.A, [$"personne@{TwoOperators.B.Domain}"], "no news", DeliveryStatusNotification.Never);
        await _operators.SubmitAsync(TwoOperators.A, [$"personne@{TwoOperators.B.Domain}"], "bad news");

        // The second (default NOTIFY: failures) is reported; by then the first was refused too, silently.
        var report = (await WaitForReportsAsync(1)).ShouldHaveSingleItem();
        report.ToString().ShouldContain("Subject: bad news");
        // A report is written before its recipient is marked failed: once both are, every report that will be is there.
        await WaitForQueueAsync(rows => rows.Count == 2 && rows.All(r => r.Status == "failed"));
        (await ReportsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_peer_whose_certificate_is_not_listed_for_its_domain_fails_at_once_with_5_7_1()
    {
        await _operators.StartAsync(TwoOperators.A);
        // B presents the PKI's generic server certificate: it chains to the roots, but the whitelist lists another DN for B.
        await _operators.StartAsync(TwoOperators.B, $"--Tls:Certificate={_operators.Pki.Server}", $"--Tls:Key={_operators.Pki.ServerKey}");

        await _operators.SubmitAsync(TwoOperators.A, [BobAtB], "to an impostor");

        var report = (await WaitForReportsAsync(1)).ShouldHaveSingleItem(_operators.Log(TwoOperators.A));
        var recipient = ((MultipartReport)report.Body!).OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        recipient["Status"].ShouldBe("5.7.1");
        recipient["Diagnostic-Code"]!.ShouldContain("is not listed for operateur-b.mssante.test");
        (await _operators.InboxSubjectsAsync(TwoOperators.B, "jean.dupont")).ShouldBeEmpty();
        var status = (await DomainsStatusAsync()).ShouldHaveSingleItem();
        status.GetProperty("state").GetString().ShouldBe("failing");
    }

    [Fact]
    public async Task Submission_to_a_domain_outside_the_whitelist_is_refused_at_rcpt()
    {
        await _operators.StartAsync(TwoOperators.A);
        using var client = await _operators.SubmissionClientAsync(TwoOperators.A);

        var refused = await Should.ThrowAsync<MailKit.Net.Smtp.SmtpCommandException>(() => TwoOperators.SubmitAsync(client, TwoOperators.A, ["quelqu.un@ailleurs.mssante.test"], "out"));

        ((int)refused.StatusCode, refused.Message).ShouldBe((550, "5.7.1 Relaying denied: the domain is outside the MSSanté trust space."));
    }
}
