using MimeKit;
using OpenMss.Lps.Notifications;
using OpenMss.Operator.Mta;
using OpenMss.Storage.Model;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>Read receipts and CI-SIS processing notifications built, and MDNs and DSNs parsed into typed results.</summary>
public sealed class NotificationTests
{
    private const string Sender = "dr.dupont@operateur-a.mssante.test";
    private const string Dpi = "dpi@operateur-b.mssante.test";

    private static MimeMessage Original()
    {
        var message = SandboxSessionTests.Message(Sender, "XDM/1.0/DDM+Compte rendu PAT-TROIS DOMINIQUE 28/03/1979");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(Dpi));
        message.MessageId = "orig-1@operateur-a.mssante.test";
        message.Headers.Add(HeaderId.DispositionNotificationTo, Sender);
        return message;
    }

    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(bytes);
        bytes.Position = 0;
        return MimeMessage.Load(bytes);
    }

    [Fact]
    public void A_read_receipt_goes_to_the_requester_and_parses_as_displayed()
    {
        var receipt = MssNotifications.ReadReceipt(Original(), Dpi, "OpenMSS LPS; 1.0");

        receipt.To.Mailboxes.Single().Address.ShouldBe(Sender);
        receipt.Subject.ShouldStartWith("Lu : ");
        MssNotifications.Parse(RoundTrip(receipt)).ShouldBe(new MssNotification(MssNotificationKind.Displayed, "orig-1@operateur-a.mssante.test", []), new NotificationComparer());
        var unasked = Original();
        unasked.Headers.Remove(HeaderId.DispositionNotificationTo);
        Should.Throw<InvalidOperationException>(() => MssNotifications.ReadReceipt(unasked, Dpi, "ua"));
    }

    [Fact]
    public void A_processing_error_carries_its_code_and_label_the_ko_subject_and_the_original()
    {
        var notification = RoundTrip(MssNotifications.ProcessingNotification(Original(), Dpi, "DPI OpenMSS; 1.0", "902", "Patient inconnu"));

        notification.Subject.ShouldBe("[KO Intégration système !][902] XDM/1.0/DDM+Compte rendu PAT-TROIS DOMINIQUE 28/03/1979");
        var parsed = MssNotifications.Parse(notification)!;
        (parsed.Kind, parsed.OriginalMessageId, parsed.ErrorCode, parsed.ErrorLabel).ShouldBe((MssNotificationKind.ProcessingError, "orig-1@operateur-a.mssante.test", "902", "Patient inconnu"));
        ((MultipartReport)notification.Body!).OfType<MessagePart>().Single().Message!.MessageId.ShouldBe("orig-1@operateur-a.mssante.test");
        MssNotifications.Parse(RoundTrip(MssNotifications.ProcessingNotification(Original(), Dpi, "DPI")))!.Kind.ShouldBe(MssNotificationKind.Processed);
    }

    [Fact]
    public void The_operator_s_delivery_report_parses_as_failed_with_status_and_diagnostic()
    {
        var row = new QueuedRecipient(1, "m", "b", Sender, Dpi, DateTimeOffset.UtcNow, 1, DateTimeOffset.UtcNow, "pending");
        var original = System.Text.Encoding.UTF8.GetBytes("Message-ID: <orig-2@operateur-a.mssante.test>\r\nSubject: x\r\n\r\nbody\r\n");
        var bytes = DeliveryReport.Build("mx.operateur-a.mssante.test", Sender, [new FailedRecipient(row, PeerOutcome.FromReply(550, "5.1.1 No such BAL here.", "mx.operateur-b.mssante.test"))], new MemoryStream(original), DateTimeOffset.UtcNow, "r1");

        var parsed = MssNotifications.Parse(MimeMessage.Load(new MemoryStream(bytes)))!;

        (parsed.Kind, parsed.OriginalMessageId).ShouldBe((MssNotificationKind.Failed, "orig-2@operateur-a.mssante.test"));
        parsed.Recipients.ShouldHaveSingleItem().ShouldBe(new MssRecipientReport(Dpi, "failed", "5.1.1", "smtp; 550 5.1.1 No such BAL here."));
        MssNotifications.Parse(Original()).ShouldBeNull();
    }

    private sealed class NotificationComparer : IEqualityComparer<MssNotification>
    {
        public bool Equals(MssNotification? x, MssNotification? y) =>
            x is not null && y is not null && x.Kind == y.Kind && x.OriginalMessageId == y.OriginalMessageId && x.Recipients.SequenceEqual(y.Recipients) && x.ErrorCode == y.ErrorCode;

        public int GetHashCode(MssNotification obj) => obj.Kind.GetHashCode();
    }
}

/// <summary>A read receipt asked by Dr DUPONT and sent by the DPI through the sandbox, read back and parsed.</summary>
[Collection("sandbox")]
public sealed class SandboxNotificationTests(SandboxFixture fixture)
{
    private SandboxProcess Sandbox => fixture.Sandbox;

    [Fact]
    public async Task A_read_receipt_makes_the_round_trip()
    {
        using var client = new MssClient(Sandbox.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        await using var app = client.OpenApp(SandboxProcess.App, Sandbox.AppCredential());
        var subject = "MDN " + Guid.NewGuid().ToString("N")[..8];
        var message = SandboxSessionTests.Message(SandboxProcess.Per, subject);
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(SandboxProcess.App));
        message.Headers.Add(HeaderId.DispositionNotificationTo, SandboxProcess.Per);
        var sentId = await per.SendAsync(message);

        var found = await SandboxSessionTests.FindAsync(app, subject);
        var received = await app.GetMessageAsync(found.Uid);
        await app.SendAsync(MssNotifications.ReadReceipt(received, SandboxProcess.App, "OpenMSS tests; 1.0"));
        await app.MarkProcessedAsync(found.Uid, delete: true);

        var receipt = await SandboxSessionTests.FindAsync(per, "Lu : " + subject);
        var parsed = MssNotifications.Parse(await per.GetMessageAsync(receipt.Uid))!;
        (parsed.Kind, parsed.OriginalMessageId).ShouldBe((MssNotificationKind.Displayed, sentId.Trim('<', '>')));
        await per.MarkProcessedAsync(receipt.Uid, delete: true);
    }
}
