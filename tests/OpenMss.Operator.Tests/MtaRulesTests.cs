using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;
using OpenMss.Operator.Mta;
using OpenMss.Operator.Whitelist;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Tests;

/// <summary>The inter-operator MTA's rules that need no network: DN matching, the retry schedule, replies, reports.</summary>
public sealed class MtaRulesTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("CN=mx.operateur-a.mssante.test,OU=1750000001,O=Operateur A,ST=Paris (75),C=FR", true)]
    [InlineData("cn=MX.operateur-a.mssante.test, ou=1750000001, o=operateur a, st=Paris (75), c=fr", true)]
    [InlineData("C=FR,ST=Paris (75),O=Operateur A,OU=1750000001,CN=mx.operateur-a.mssante.test", true)]
    [InlineData("CN=mx.operateur-a.mssante.test,OU=1750000001,O=Operateur A,C=FR", false)]
    [InlineData("CN=mx.operateur-a.mssante.test,OU=1750000002,O=Operateur A,ST=Paris (75),C=FR", false)]
    public void A_listed_dn_matches_the_certificate_subject_whatever_the_order_case_and_spaces(string listed, bool matches)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("FR");
        builder.AddStateOrProvinceName("Paris (75)");
        builder.AddOrganizationName("Operateur A");
        builder.AddOrganizationalUnitName("1750000001");
        builder.AddCommonName("mx.operateur-a.mssante.test");

        (DistinguishedName.Parse(listed) == null ? false : DistinguishedName.Parse(listed)!.Equals(DistinguishedName.Of(builder.Build()))).ShouldBe(matches);
    }

    [Theory]
    [InlineData("not a dn")]
    [InlineData("CN=a,,,=")]
    public void Text_that_is_no_dn_matches_nothing(string text) => DistinguishedName.Parse(text).ShouldBeNull();

    [Fact]
    public void Retries_follow_postfix_doubling_to_the_maximal_backoff_and_end_with_the_queue_lifetime()
    {
        var schedule = new RetrySchedule(new MtaOptions());
        var now = Created;
        var delays = new List<double>();
        for (var attempts = 0; attempts < 7; attempts++)
        {
            var next = schedule.Next(Created, attempts, now)!.Value;
            delays.Add((next - now).TotalSeconds);
            now = next;
        }

        delays.ShouldBe([300, 600, 1200, 2400, 4000, 4000, 4000]);
        schedule.Next(Created, 40, Created.AddDays(5).AddMinutes(-30)).ShouldBeNull();
        schedule.Next(Created, 40, Created.AddDays(4)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(550, "5.1.1 No such BAL here.", "Permanent", "5.1.1", "550 5.1.1 No such BAL here.")]
    [InlineData(451, "4.3.0 Local error in processing: try again later.", "Temporary", "4.3.0", "451 4.3.0 Local error in processing: try again later.")]
    [InlineData(554, "Transaction failed", "Permanent", "5.0.0", "554 Transaction failed")]
    [InlineData(250, "2.0.0 OK: queued as x.", "Delivered", "2.0.0", "250 2.0.0 OK: queued as x.")]
    // A full mailbox is retried (RFC 5321 §4.5.3.1.10), whatever the peer called it, until FullMailboxLifetime.
    [InlineData(552, "5.2.2 The BAL is full: it is over its quota.", "Temporary", "5.2.2", "552 5.2.2 The BAL is full: it is over its quota.")]
    [InlineData(550, "5.2.2 Mailbox full", "Temporary", "5.2.2", "550 5.2.2 Mailbox full")]
    [InlineData(452, "4.2.2 Over quota", "Temporary", "4.2.2", "452 4.2.2 Over quota")]
    public void A_reply_gives_its_verdict_and_enhanced_status(int code, string text, string verdict, string status, string reply)
    {
        var outcome = PeerOutcome.FromReply(code, text, "mx.b");

        (outcome.Verdict.ToString(), outcome.Status, outcome.Reply, outcome.Answered).ShouldBe((verdict, status, reply, true));
        outcome.MailboxFull.ShouldBe(status[1..] == ".2.2");
    }

    [Theory]
    [InlineData(null, typeof(TextRfc822Headers))]
    [InlineData("HDRS", typeof(TextRfc822Headers))]
    [InlineData("FULL", typeof(MessagePart))]
    public void A_failure_report_is_an_rfc_3464_multipart_report_mimekit_reads(string? ret, Type returned)
    {
        var row = new QueuedRecipient(7, "mail-1", "blob", "dpi@operateur-a.mssante.test", "dr.x@operateur-b.mssante.test", Created, 3, Created, "pending")
        {
            Domain = "operateur-b.mssante.test",
            Orcpt = "rfc822;Dr.X+@operateur-b.mssante.test",
            Dsn = new DsnEnvelope("env 42", ret),
        };
        var original = Encoding.UTF8.GetBytes("Subject: Compte rendu\r\nFrom: <dpi@operateur-a.mssante.test>\r\n\r\nCorps du message.\r\n");

        var bytes = DeliveryReport.Build("mx.operateur-a.mssante.test", row.Sender, [new FailedRecipient(row, PeerOutcome.FromReply(550, "5.1.1 No such BAL here.", "mx.operateur-b.mssante.test"))], new MemoryStream(original), Created.AddHours(1), "r1");
        var report = MimeMessage.Load(new MemoryStream(bytes));

        report.Subject.ShouldBe("Message non remis / Undelivered Mail Returned to Sender");
        report.To.Mailboxes.Single().Address.ShouldBe(row.Sender);
        var body = report.Body.ShouldBeOfType<MultipartReport>();
        body.ReportType.ShouldBe("delivery-status");
        body[0].ShouldBeOfType<TextPart>().Text.ShouldContain("<dr.x@operateur-b.mssante.test>: 550 5.1.1 No such BAL here.");
        var groups = body[1].ShouldBeOfType<MessageDeliveryStatus>().StatusGroups;
        groups[0]["Original-Envelope-Id"].ShouldBe("env+2042");
        groups[1]["Original-Recipient"].ShouldBe("rfc822;Dr.X+2B@operateur-b.mssante.test");
        (groups[1]["Action"], groups[1]["Status"], groups[1]["Remote-MTA"]).ShouldBe(("failed", "5.1.1", "dns; mx.operateur-b.mssante.test"));
        var part = body[2].ShouldBeAssignableTo<MessagePart>()!;
        part.GetType().ShouldBe(returned);
        part.Message!.Subject.ShouldBe("Compte rendu");
        (part.Message.TextBody ?? "").Trim().ShouldBe(ret == "FULL" ? "Corps du message." : "");
    }

    [Fact]
    public void A_delay_report_says_delayed_and_until_when_it_is_retried()
    {
        var row = new QueuedRecipient(8, "mail-2", "blob", "dpi@operateur-a.mssante.test", "dr.y@operateur-b.mssante.test", Created, 5, Created, "pending");
        var bytes = DeliveryReport.Build(
            "mx.operateur-a.mssante.test", row.Sender, [new FailedRecipient(row, PeerOutcome.Failure(false, "4.4.1", "mx.operateur-b.mssante.test: connection refused", "mx.operateur-b.mssante.test"))],
            new MemoryStream("Subject: x\r\n\r\nbody\r\n"u8.ToArray()), Created.AddHours(4), "r2", retryUntil: Created.AddDays(5));
        var report = MimeMessage.Load(new MemoryStream(bytes));

        report.Subject.ShouldBe("Message retardé / Delayed Mail (still being retried)");
        var group = report.Body.ShouldBeOfType<MultipartReport>().OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        (group["Action"], group["Status"], group["Will-Retry-Until"]).ShouldBe(("delayed", "4.4.1", "Sat, 05 Dec 2026 08:00:00 +0000"));
        group["Diagnostic-Code"].ShouldStartWith("x-openmss; ");
    }
}
