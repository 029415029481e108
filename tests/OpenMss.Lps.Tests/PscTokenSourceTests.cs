using System.Text;
using MimeKit;
using OpenMss.Lps;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>The token source's memory (ECO.1.2.5: in memory for its lifetime only) and its end (ECO.1.2.6); what every sent message carries.</summary>
public sealed class PscTokenSourceTests
{
    [Fact]
    public async Task A_token_is_reused_until_shortly_before_it_expires_and_one_refresh_serves_everyone_who_saw_the_old_one()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var fetched = new List<bool>();
        var source = PscTokenSource.Create((refresh, _) =>
        {
            fetched.Add(refresh);
            return Task.FromResult(new PscAccessToken($"token-{fetched.Count}", clock.GetUtcNow().AddMinutes(2)));
        });
        source.Time = clock;

        var first = await source.GetAsync(null, default);
        (await source.GetAsync(null, default)).ShouldBeSameAs(first);
        clock.Advance(TimeSpan.FromSeconds(111));
        var second = await source.GetAsync(null, default); // within the 10 s margin: a new one
        var refreshed = await Task.WhenAll(source.GetAsync(second, default), source.GetAsync(second, default));

        second.Value.ShouldBe("token-2");
        fetched.ShouldBe([false, false, true]);
        refreshed[0].ShouldBeSameAs(refreshed[1]);
        first.ToString().ShouldNotContain("token-1");
    }

    [Fact]
    public async Task A_source_reporting_the_psc_session_ended_stays_ended_and_says_so()
    {
        var ended = 0;
        var source = PscTokenSource.Create((_, _) => throw new MssPscSessionEndedException());
        source.SessionEnded += (_, _) => ended++;

        await Should.ThrowAsync<MssPscSessionEndedException>(() => source.GetAsync(null, default));
        var again = await Should.ThrowAsync<MssPscSessionEndedException>(() => source.GetAsync(null, default));
        source.EndSession();

        (source.IsEnded, ended).ShouldBe((true, 1));
        again.Action.ShouldBe(MssAction.SignInAgain);
    }

    [Fact]
    public void The_expiry_of_a_jwt_is_read_without_trusting_it_and_an_opaque_token_keeps_the_fallback()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"exp\":1900000000,\"SubjectNameID\":\"810001234567\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        PscAccessToken.FromJwt($"eyJhbGciOiJSUzI1NiJ9.{payload}.sig", DateTimeOffset.UnixEpoch).ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1900000000));
        PscAccessToken.FromJwt("opaque", DateTimeOffset.UnixEpoch).ExpiresAt.ShouldBe(DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Every_message_gets_the_bal_as_from_x_mss_nil_a_date_and_a_message_id_and_another_from_is_refused()
    {
        var message = new MimeMessage { Subject = "CR" };
        message.Headers.Remove(HeaderId.MessageId);
        message.Headers.Remove(HeaderId.Date);
        message.To.Add(MailboxAddress.Parse("dr@op.test"));
        MessagePreparation.Prepare(message, "dpi@op.test", "DEV935997", DateTimeOffset.UnixEpoch);

        message.From.Mailboxes.Single().Address.ShouldBe("dpi@op.test");
        message.Headers["X-MSS-NIL"].ShouldBe("DEV935997");
        message.Date.ShouldBe(DateTimeOffset.UnixEpoch);
        message.MessageId.ShouldEndWith("@op.test");

        var forged = new MimeMessage();
        forged.From.Add(MailboxAddress.Parse("other@op.test"));
        Should.Throw<InvalidOperationException>(() => MessagePreparation.Prepare(forged, "dpi@op.test", "DEV935997", DateTimeOffset.UnixEpoch)).Message.ShouldContain("must be that BAL alone");
        Should.Throw<InvalidOperationException>(() => MessagePreparation.Prepare(new MimeMessage(), "dpi@op.test", " ", DateTimeOffset.UnixEpoch)).Message.ShouldContain("ECO.2.4.3");
    }
}
