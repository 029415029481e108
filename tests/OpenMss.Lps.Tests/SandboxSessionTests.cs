using MimeKit;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps;
using OpenMss.Psc.Sandbox;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// The SDK against <c>openmss sandbox</c> as a process, through its public API only: autoconfiguration by the
/// sandbox's DNS, both authentications on both protocols, and what the application sees of refusals.
/// </summary>
[Collection("sandbox")]
public sealed class SandboxSessionTests(SandboxFixture fixture)
{
    private SandboxProcess Sandbox => fixture.Sandbox;

    [Fact]
    public async Task Autoconfiguration_finds_the_front_of_each_bal_type_and_no_other()
    {
        var dns = new MssAutoconfiguration(Sandbox.Dns);
        var per = await dns.ResolveAsync(SandboxProcess.Per, BalType.Per);
        var org = await dns.ResolveAsync(SandboxProcess.Org, BalType.Org);
        var app = await dns.ResolveAsync(SandboxProcess.App, BalType.App);

        per.Imap.Single().Host.ShouldBe("imap-psc." + SandboxProcess.Domain);
        per.Submission.Single().Host.ShouldBe("smtp-psc." + SandboxProcess.Domain);
        org.Imap.ShouldBe(per.Imap);
        org.Submission.ShouldBe(per.Submission);
        app.Imap.Single().Host.ShouldBe("imap-authcli." + SandboxProcess.Domain);
        app.Submission.Single().Host.ShouldBe("smtp-authcli." + SandboxProcess.Domain);
        app.Imap.Single().Port.ShouldNotBe(per.Imap.Single().Port);
        (await dns.AddressesAsync(per.Imap[0].Host)).ShouldBe([System.Net.IPAddress.Loopback]);

        var missing = await Should.ThrowAsync<AutoconfigurationException>(() => dns.ResolveAsync("someone@absent.mssante.test", BalType.Per));
        missing.Failure.ShouldBe(AutoconfigurationFailure.NoRecord);
        missing.Action.ShouldBe(MssAction.FixConfiguration);
    }

    [Fact]
    public async Task A_per_bal_sends_and_reads_with_xoauth2_and_deletes_what_it_processed()
    {
        using var client = new MssClient(Sandbox.Options());
        await using var bal = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        var subject = "PER " + Guid.NewGuid();

        var messageId = await bal.SendAsync(Message(SandboxProcess.Per, subject));
        var received = await FindAsync(bal, subject);
        var parsed = await bal.GetMessageAsync(received.Uid);
        var raw = await bal.GetRawAsync(received.Uid);
        await bal.MarkProcessedAsync(received.Uid, delete: true);
        var after = await bal.ListNewAsync();

        received.MessageId.ShouldBe(messageId);
        received.From.ShouldBe(SandboxProcess.Per);
        parsed.Headers["X-MSS-NIL"].ShouldBe("OPENMSS-TEST-1");
        parsed.From.Mailboxes.Single().Address.ShouldBe(SandboxProcess.Per);
        parsed.Date.ShouldNotBe(default);
        System.Text.Encoding.ASCII.GetString(raw).ShouldContain("X-MSS-NIL: OPENMSS-TEST-1\r\n");
        after.Messages.ShouldNotContain(m => m.Uid == received.Uid);
        bal.ImapIsOpen.ShouldBeTrue();
        bal.SubmissionIsOpen.ShouldBeTrue();
    }

    [Fact]
    public async Task A_cursor_from_another_uidvalidity_lists_from_the_start_and_uids_under_it_are_refused()
    {
        using var client = new MssClient(Sandbox.Options());
        await using var bal = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        var subject = "UIDVALIDITY " + Guid.NewGuid();
        await bal.SendAsync(Message(SandboxProcess.Per, subject));
        var found = await FindAsync(bal, subject);
        var current = await bal.ListNewAsync();
        var stale = new MssCursor(current.Next.UidValidity + 1, current.Next.LastUid);

        var relisted = await bal.ListNewAsync(stale);
        var refused = await Should.ThrowAsync<MssRefusedException>(() => bal.GetMessageAsync(found.Uid, stale));
        var nothingNew = await bal.ListNewAsync(current.Next);

        relisted.UidValidityChanged.ShouldBeTrue();
        relisted.Messages.ShouldContain(m => m.Uid == found.Uid, "after a UIDVALIDITY change every message is new again");
        relisted.Next.UidValidity.ShouldBe(current.Next.UidValidity);
        refused.ProtocolCode.ShouldBe("UIDVALIDITY");
        (nothingNew.UidValidityChanged, nothingNew.Messages.Count).ShouldBe((false, 0));
        (await bal.GetMessageAsync(found.Uid, current.Next)).Subject.ShouldBe(subject);
        await bal.MarkProcessedAsync(found.Uid, delete: true, current.Next);
    }

    [Fact]
    public async Task An_org_bal_opens_for_an_authorised_professional_and_a_bal_refuses_anyone_else_on_both_protocols()
    {
        using var client = new MssClient(Sandbox.Options());
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, new SandboxTokenSource(Sandbox, SandboxProcess.Colleague));
        var colleagueTokens = new SandboxTokenSource(Sandbox, SandboxProcess.Colleague);
        await using var notHers = client.OpenPsc(SandboxProcess.Per, BalType.Per, colleagueTokens);

        await org.SendAsync(Message(SandboxProcess.Org, "ORG " + Guid.NewGuid()));
        (await org.ListNewAsync()).Messages.ShouldNotBeEmpty();
        var imap = await Should.ThrowAsync<MssNotAuthorizedException>(() => notHers.ListNewAsync());
        var smtp = await Should.ThrowAsync<MssNotAuthorizedException>(() => notHers.SendAsync(Message(SandboxProcess.Per, "not hers")));

        imap.ProtocolCode.ShouldBe("NO [AUTHORIZATIONFAILED]");
        imap.Action.ShouldBe(MssAction.StopAndTellUser);
        smtp.ProtocolCode.ShouldBe("535 5.7.8");
        colleagueTokens.Refreshes.ShouldBe(0, "not being allowed is no reason to fetch another token");
    }

    [Fact]
    public async Task An_app_bal_sends_and_reads_with_its_certificate()
    {
        using var client = new MssClient(Sandbox.Options());
        await using var bal = client.OpenApp(SandboxProcess.App, Sandbox.AppCredential());
        var subject = "APP " + Guid.NewGuid();

        await bal.SendAsync(Message(SandboxProcess.App, subject));
        var received = await FindAsync(bal, subject);
        (await bal.GetMessageAsync(received.Uid)).Headers["X-MSS-NIL"].ShouldBe("OPENMSS-TEST-1");
        await bal.MarkProcessedAsync(received.Uid, delete: true);
    }

    [Fact]
    public async Task A_refused_token_is_replaced_by_a_fresh_one_once_and_then_reported()
    {
        using var client = new MssClient(Sandbox.Options());
        var asked = new List<bool>();
        var tokens = PscTokenSource.Create(async (refresh, _) =>
        {
            asked.Add(refresh);
            return refresh ? new PscAccessToken(await Sandbox.TokenAsync(SandboxProcess.PerHolder), DateTimeOffset.UtcNow.AddMinutes(2)) : new PscAccessToken("not-a-token", DateTimeOffset.UtcNow.AddMinutes(2));
        });
        await using var bal = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);
        (await bal.ListNewAsync()).ShouldNotBeNull();
        asked.ShouldBe([false, true]);

        var always = PscTokenSource.Create((_, _) => Task.FromResult(new PscAccessToken("still-not-a-token", DateTimeOffset.UtcNow.AddMinutes(2))));
        await using var refused = client.OpenPsc(SandboxProcess.Per, BalType.Per, always);
        var imap = await Should.ThrowAsync<MssTokenRefusedException>(() => refused.ListNewAsync());
        var smtp = await Should.ThrowAsync<MssTokenRefusedException>(() => refused.SendAsync(Message(SandboxProcess.Per, "refused")));
        imap.ProtocolCode.ShouldBe("NO [AUTHENTICATIONFAILED]");
        imap.Action.ShouldBe(MssAction.SignInAgain);
        smtp.ProtocolCode.ShouldBe("535 5.7.8");
    }

    [Fact]
    public async Task Psc_down_is_retried_with_backoff_then_succeeds_and_a_longer_outage_is_reported_as_temporary()
    {
        var delays = Enumerable.Repeat(TimeSpan.FromMilliseconds(500), 30).ToList();
        var connections = new ConnectionCounter();
        using var patient = new MssClient(Sandbox.Options(o =>
        {
            o.RetryDelays = delays;
            o.Transcript = (_, protocol) => protocol == "imap" ? connections : null;
        }));
        using var hasty = new MssClient(Sandbox.Options(o => o.RetryDelays = [TimeSpan.FromMilliseconds(100)]));
        await using var bal = patient.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        await using var gaveUp = hasty.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));
        await Sandbox.Psc.SetFailureAsync(FailureMode.ServerError);
        try
        {
            var reported = await Should.ThrowAsync<MssUnavailableException>(() => gaveUp.ListNewAsync());
            reported.ProtocolCode.ShouldBe("NO [UNAVAILABLE]");
            reported.Action.ShouldBe(MssAction.RetryLater);
            (await Should.ThrowAsync<MssUnavailableException>(() => gaveUp.SendAsync(Message(SandboxProcess.Per, "later")))).ProtocolCode.ShouldBe("454 4.7.0");

            var listing = bal.ListNewAsync();
            await connections.Reached(3).WaitAsync(TimeSpan.FromSeconds(60)); // the first attempt and two retries, all refused
            listing.IsCompleted.ShouldBeFalse("the SDK keeps retrying while PSC is down");
            await Sandbox.Psc.SetFailureAsync(FailureMode.None);
            (await listing).ShouldNotBeNull();
        }
        finally
        {
            await Sandbox.Psc.SetFailureAsync(FailureMode.None);
        }
    }

    [Fact]
    public async Task Psc_logout_closes_every_session_of_the_professional_and_spares_the_other_bals()
    {
        using var client = new MssClient(Sandbox.Options());
        var tokens = new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder);
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, tokens);
        await using var app = client.OpenApp(SandboxProcess.App, Sandbox.AppCredential());
        await per.SendAsync(Message(SandboxProcess.Per, "before logout"));
        // Listed after the send, so the IDLE below does not count the message it sent itself as new mail.
        await per.ListNewAsync();
        await org.ListNewAsync();
        await app.ListNewAsync();
        var idle = per.WaitForNewMailAsync(TimeSpan.FromMinutes(1));

        await tokens.LogoutAtPscAsync();
        await tokens.KeepAliveAsync();

        await Should.ThrowAsync<MssPscSessionEndedException>(() => idle);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((per.ImapIsOpen || per.SubmissionIsOpen || org.ImapIsOpen) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        tokens.IsEnded.ShouldBeTrue();
        (per.ImapIsOpen, per.SubmissionIsOpen, org.ImapIsOpen).ShouldBe((false, false, false));
        (await Should.ThrowAsync<MssPscSessionEndedException>(() => per.ListNewAsync())).Message.ShouldContain("PSC session ended");
        await Should.ThrowAsync<MssPscSessionEndedException>(() => org.SendAsync(Message(SandboxProcess.Org, "after logout")));
        (await app.ListNewAsync()).ShouldNotBeNull();
        app.ImapIsOpen.ShouldBeTrue();
    }

    [Fact]
    public async Task A_bal_on_the_wrong_front_is_a_configuration_error_and_a_failing_bal_does_not_disturb_another()
    {
        using var client = new MssClient(Sandbox.Options());
        var app = await client.Autoconfiguration.ResolveAsync(SandboxProcess.App, BalType.App);
        await using var misplaced = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder), app);
        await using var fine = client.OpenPsc(SandboxProcess.Org, BalType.Org, new SandboxTokenSource(Sandbox, SandboxProcess.PerHolder));

        var both = await Task.WhenAll(
            Capture(() => misplaced.ListNewAsync()),
            Capture(() => fine.ListNewAsync()));

        var failure = both[0].ShouldBeAssignableTo<MssConfigurationException>()!;
        failure.Message.ShouldContain("XOAUTH2");
        failure.Action.ShouldBe(MssAction.FixConfiguration);
        both[1].ShouldBeNull();
    }

    internal static MimeMessage Message(string from, string subject)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = "Bonjour, compte rendu à suivre." } };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(from));
        return message;
    }

    internal static async Task<MssMessageSummary> FindAsync(MssMailbox bal, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var listed = await bal.ListNewAsync();
            if (listed.Messages.FirstOrDefault(m => m.Subject == subject) is { } found)
            {
                return found;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"'{subject}' did not arrive");
            await bal.WaitForNewMailAsync(TimeSpan.FromSeconds(5));
        }
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
