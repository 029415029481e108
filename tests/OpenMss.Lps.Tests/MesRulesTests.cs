using MimeKit;
using OpenMss.Lps.Mes;
using OpenMss.Lps.Notifications;
using OpenMss.Sandbox.Mes;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The Mon espace santé stand-in's rules on their own (spec §8).</summary>
public sealed class MesRulesTests
{
    private static readonly string[] Professionals = ["operateur-a.mssante.test", "operateur-b.mssante.test"];

    [Theory]
    [InlineData("jean.dupont@operateur-a.mssante.test", 1000L, null)]
    [InlineData("jean.dupont@OPERATEUR-A.mssante.test", 25L * 1024 * 1024 - 1, null)]
    [InlineData("jean.dupont@operateur-a.mssante.test", 25L * 1024 * 1024, "5.3.4")]
    [InlineData("180127512345642@patient.mssante.test", 1000L, "5.7.1")]
    [InlineData("someone@gmail.com", 1000L, "5.7.1")]
    [InlineData("no-domain", 1000L, "5.7.1")]
    [InlineData(null, 1000L, "5.7.1")]
    public void Mes_takes_messages_under_25_mb_from_professionals_of_the_trust_space_only(string? sender, long size, string? status) =>
        MesRules.Judge(sender, size, MesStandIn.Domain, Professionals)?.Status.ShouldBe(status);

    [Theory]
    [InlineData("FIN", "compte rendu", true)]
    [InlineData(" fin ", "compte rendu", true)]
    [InlineData(null, "[FIN] compte rendu", true)]
    [InlineData(null, "compte rendu [FIN]", false)]
    [InlineData("NON", "compte rendu", false)]
    public void The_exchange_ends_with_the_header_or_the_older_subject(string? header, string subject, bool ends)
    {
        var message = new MimeMessage { Subject = subject };
        if (header is not null)
        {
            message.Headers.Add(MssPatients.MesHeader, header);
        }

        MesRules.Ends(message).ShouldBe(ends);
    }

    [Fact]
    public void A_patient_writes_only_after_a_professional_did_and_answers_only_once_the_exchange_ended()
    {
        using var directory = new TempDirectory();
        var exchanges = new MesExchanges(directory.Combine("mes", "exchanges.json"));
        const string Patient = "180127512345642";
        const string Doctor = "jean.dupont@operateur-a.mssante.test";

        MesRules.RefuseWrite(exchanges.Find(Patient, Doctor), Patient, Doctor, null)!.ShouldContain("never wrote");

        exchanges.Record(Patient, Doctor, "m1@a", ends: false);
        MesRules.RefuseWrite(exchanges.Find(Patient, Doctor.ToUpperInvariant()), Patient, Doctor, null).ShouldBeNull();

        exchanges.Record(Patient, Doctor, "m2@a", ends: true);
        var ended = new MesExchanges(exchanges.Path).Find(Patient, Doctor)!; // read back as another process would
        ended.Ended.ShouldBeTrue();
        MesRules.RefuseWrite(ended, Patient, Doctor, null)!.ShouldContain("ended the exchange");
        MesRules.RefuseWrite(ended, Patient, Doctor, "<unknown@a>")!.ShouldContain("ended the exchange");
        MesRules.RefuseWrite(ended, Patient, Doctor, "<m2@a>").ShouldBeNull();
        MesRules.RefuseWrite(ended, Patient, Doctor, "m1@a").ShouldBeNull();

        exchanges.Record(Patient, Doctor, "m3@a", ends: false);
        MesRules.RefuseWrite(exchanges.Find(Patient, Doctor), Patient, Doctor, null).ShouldBeNull("a new message of the professional opens the exchange again");
        exchanges.Find(Patient, "marie.martin@operateur-b.mssante.test").ShouldBeNull();
    }

    [Fact]
    public void An_exchange_keeps_the_last_message_ids_only()
    {
        using var directory = new TempDirectory();
        var exchanges = new MesExchanges(directory.Combine("exchanges.json"));
        for (var i = 0; i < MesExchanges.MessagesKept + 10; i++)
        {
            exchanges.Record("p", "d@a", $"m{i}@a", ends: false);
        }

        var kept = exchanges.Find("p", "d@a")!.Messages;
        (kept.Count, kept[0], kept[^1]).ShouldBe((MesExchanges.MessagesKept, "m10@a", $"m{MesExchanges.MessagesKept + 9}@a"));
    }

    [Fact]
    public void The_bounce_parses_as_a_failure_of_the_patient_with_the_reason_and_the_original_id()
    {
        var original = new MimeMessage { Subject = "scanner", MessageId = "big@operateur-a.mssante.test" };
        original.From.Add(MailboxAddress.Parse("jean.dupont@operateur-a.mssante.test"));
        original.Body = new TextPart("plain") { Text = "x" };
        var bounce = MesMessages.Bounce(MesStandIn.MailerDaemon, MesStandIn.Domain, "jean.dupont@operateur-a.mssante.test", "279035121518989@patient.mssante.test",
            MesMessages.HeadersOf(original), MesRules.TooLarge, TestCda.Now);

        bounce.Subject.ShouldBe("Undelivered Mail Returned to Sender");
        var reparsed = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(bounce.ToString())));
        var report = MssNotifications.Parse(reparsed).ShouldNotBeNull();
        (report.Kind, report.OriginalMessageId).ShouldBe((MssNotificationKind.Failed, "big@operateur-a.mssante.test"));
        var recipient = report.Recipients.ShouldHaveSingleItem();
        (recipient.Recipient, recipient.Action, recipient.Status).ShouldBe(("279035121518989@patient.mssante.test", "failed", "5.3.4"));
        recipient.Diagnostic!.ShouldContain("25 MB");
        MesRules.IsAutomatic(reparsed).ShouldBeTrue("a bounce is never answered");
    }
}
