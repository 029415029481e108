using MimeKit;
using OpenMss.Lps.Documents;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The sandbox's XDM test responders (seed 004) answer any message with a test document as IHE_XDM.</summary>
[Collection("sandbox")]
public sealed class ResponderTests(SandboxFixture fixture)
{
    private SandboxProcess Sandbox => fixture.Sandbox;

    [Theory]
    [InlineData("vsm@repondeur.mssante.test", "60591-5")]
    [InlineData("crbio-xdm@repondeur.mssante.test", "11502-2")]
    public async Task A_responder_answers_with_its_document_as_a_sound_xdm(string responder, string code)
    {
        Sandbox.Manifest.GetProperty("responders").EnumerateArray().Select(r => r.GetString()).ShouldContain(responder);
        using var client = new MssClient(Sandbox.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        var question = SandboxSessionTests.Message(SandboxProcess.Per, "demande " + Guid.NewGuid().ToString("N")[..8]);
        question.To.Clear();
        question.To.Add(MailboxAddress.Parse(responder));
        var questionId = await per.SendAsync(question);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        MimeMessage? reply = null;
        while (reply is null)
        {
            foreach (var summary in (await per.ListNewAsync()).Messages)
            {
                var candidate = await per.GetMessageAsync(summary.Uid);
                if (candidate.InReplyTo == questionId.Trim('<', '>'))
                {
                    reply = candidate;
                    await per.MarkProcessedAsync(summary.Uid, delete: true);
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{responder} did not answer");
            if (reply is null)
            {
                await per.WaitForNewMailAsync(TimeSpan.FromSeconds(5));
            }
        }

        reply.From.Mailboxes.Single().Address.ShouldBe(responder);
        reply.Subject.ShouldStartWith(MssDocuments.DdmPrefix);
        (reply.Headers["X-MSS-CODECDA"], reply.Headers["X-MSS-INS"], reply.Headers["X-MSS-NIL"]).ShouldBe((code, "O", "OPENMSS-SANDBOX-RESPONDER"));
        var archive = MssDocuments.Read(reply).ShouldHaveSingleItem();
        (archive.IsSound, archive.PatientId, archive.Documents.Single().Header!.Code.Code).ShouldBe((true, "279035121518989^^^&1.2.250.1.213.1.4.10&ISO^NH", code));
    }
}
