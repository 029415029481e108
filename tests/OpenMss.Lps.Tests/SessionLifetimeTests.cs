using OpenMss.Lps;
using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>
/// ECO.1.2.7 against an operator that ends IMAP sessions after 3 seconds (BYE [EXPIRED]) and submission sessions
/// after 2 idle seconds (421), and accepts messages of 100 kB at most. The operator, PSC and the SDK share one
/// stepped clock: the test moves it past those limits between rounds, so every round meets the end of a session
/// without waiting for it.
/// </summary>
public sealed class SessionLifetimeTests(ShortLifetimeFixture fixture) : IClassFixture<ShortLifetimeFixture>
{
    private static readonly TimeSpan PastTheLimits = TimeSpan.FromMilliseconds(3500);

    private ClockedTrustSpace Space => fixture.Space;

    [Fact]
    public async Task A_client_working_across_a_dozen_ends_of_session_sees_no_error_and_fetches_one_token()
    {
        using var client = new MssClient(Space.Options());
        var tokens = Space.Tokens(SandboxProcess.PerHolder);
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);
        await using var app = client.OpenApp(SandboxProcess.App, Space.AppCredential());

        const int rounds = 12;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (bal, address) in new[] { (per, SandboxProcess.Per), (app, SandboxProcess.App) })
            {
                var subject = $"round {round} {Guid.NewGuid()}";
                await bal.SendAsync(Message(address, subject));
                var found = await ListedAsync(bal, subject);
                (await bal.GetMessageAsync(found.Uid)).Subject.ShouldBe(subject);
                await bal.MarkProcessedAsync(found.Uid, delete: true);
            }

            Space.Clock.Advance(PastTheLimits);
        }

        per.Reopenings.ShouldBeGreaterThanOrEqualTo(rounds - 1, "the operator ended the sessions at every round");
        app.Reopenings.ShouldBeGreaterThanOrEqualTo(rounds - 1);
        tokens.Fetches.ShouldBe(1, "the token, valid for two minutes, is reused from memory at every reopening");
    }

    [Fact]
    public async Task Waiting_for_mail_with_idle_continues_across_the_end_of_sessions()
    {
        var renewal = TimeSpan.FromSeconds(2); // each renewal is a command: past 3 s the operator answers BYE [EXPIRED]
        var connections = new ConnectionCounter();
        using var client = ClientCountingTheOrg(renewal, connections);
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, Space.Tokens(SandboxProcess.Colleague));
        await org.ListNewAsync().WaitAsync(TimeSpan.FromSeconds(60)); // a stalled session fails here, not after the CI budget
        var waiting = org.WaitForNewMailAsync(TimeSpan.FromSeconds(60));
        // The clock moves a renewal at a time, each time the session idles: 8 seconds, two ends of session. Waiting for
        // an armed timer would not do: the SDK arms the renewal before its IDLE meets the BYE, so a step could come while
        // the next session is opening, and a session that starts older than its lifetime is ended twice in a row.
        for (var idle = 1; idle <= 4; idle++)
        {
            await Task.WhenAny(waiting, connections.IdlesReached(idle)).WaitAsync(TimeSpan.FromSeconds(30));
            waiting.IsCompleted.ShouldBeFalse(waiting.Exception?.InnerException?.Message);
            Space.Clock.Advance(renewal);
        }

        await connections.IdlesReached(5).WaitAsync(TimeSpan.FromSeconds(30));
        connections.Count.ShouldBe(3);
        waiting.IsCompleted.ShouldBeFalse();
        org.Reopenings.ShouldBe(2);

        await SendToTheOrgAsync(client, "for the secretariat");

        (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
    }

    [Fact]
    public async Task Mail_that_arrives_after_an_idle_renewal_ends_the_wait()
    {
        var renewal = TimeSpan.FromSeconds(2);
        var connections = new ConnectionCounter();
        using var client = ClientCountingTheOrg(renewal, connections);
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, Space.Tokens(SandboxProcess.Colleague));
        await org.ListNewAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var waiting = org.WaitForNewMailAsync(TimeSpan.FromSeconds(60));
        await connections.IdlesReached(1).WaitAsync(TimeSpan.FromSeconds(30));
        Space.Clock.Advance(renewal); // DONE, then a second IDLE in the same session (which lives 3 s)
        await connections.IdlesReached(2).WaitAsync(TimeSpan.FromSeconds(30));
        connections.Count.ShouldBe(1);

        await SendToTheOrgAsync(client, "during the second idle");

        // Pushed by the operator: the clock does not move, so no renewal would bring it.
        (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
    }

    [Fact]
    public async Task Disposing_a_mailbox_ends_its_wait_for_mail_at_once()
    {
        var connections = new ConnectionCounter();
        using var client = ClientCountingTheOrg(TimeSpan.FromSeconds(2), connections);
        var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, Space.Tokens(SandboxProcess.Colleague));
        await org.ListNewAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var waiting = org.WaitForNewMailAsync(TimeSpan.FromMinutes(10));
        await connections.IdlesReached(1).WaitAsync(TimeSpan.FromSeconds(30)); // in IDLE, on a clock that will not move

        await org.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)); // it waited for the wait before

        await Should.ThrowAsync<ObjectDisposedException>(waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await org.DisposeAsync(); // a second disposal is harmless
    }

    [Fact]
    public async Task Mail_that_arrives_while_the_session_is_reopened_ends_the_wait()
    {
        var renewal = TimeSpan.FromSeconds(2);
        var connections = new ConnectionCounter();
        using var client = ClientCountingTheOrg(renewal, connections);
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, Space.Tokens(SandboxProcess.Colleague));
        await using var sender = client.OpenPsc(SandboxProcess.Per, BalType.Per, Space.Tokens(SandboxProcess.PerHolder));
        var message = ToTheOrg("between two sessions");
        // The operator ends the first session; as the second connects, and before it selects the INBOX, the message is
        // delivered: the new session's SELECT already counts it, so no EXISTS will ever announce it.
        connections.OnConnect = number =>
        {
            if (number == 2)
            {
                sender.SendAsync(message).GetAwaiter().GetResult();
            }
        };
        await org.ListNewAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var waiting = org.WaitForNewMailAsync(TimeSpan.FromSeconds(30));
        for (var idle = 1; !waiting.IsCompleted && connections.Count < 2; idle++)
        {
            await Task.WhenAny(waiting, connections.IdlesReached(idle)).WaitAsync(TimeSpan.FromSeconds(30));
            Space.Clock.Advance(renewal);
        }

        (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        org.Reopenings.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_message_over_the_operators_size_is_refused_before_upload()
    {
        using var client = new MssClient(Space.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, Space.Tokens(SandboxProcess.PerHolder));
        var message = Message(SandboxProcess.Per, "too big");
        message.Body = new MimeKit.TextPart("plain") { Text = new string('x', 150_000) };

        var refused = await Should.ThrowAsync<MssRefusedException>(() => per.SendAsync(message));

        refused.ProtocolCode.ShouldBe("SIZE");
        refused.Message.ShouldContain("at most 100000");
    }

    /// <summary>The message in the BAL's new mail: a message for a BAL of the same operator is stored before its 250.</summary>
    private static async Task<MssMessageSummary> ListedAsync(MssMailbox bal, string subject) =>
        (await bal.ListNewAsync()).Messages.FirstOrDefault(m => m.Subject == subject) ?? throw new Xunit.Sdk.XunitException($"'{subject}' was accepted but is not in the BAL");

    /// <summary>A client that renews IDLE every <paramref name="renewal"/> and counts the ORG BAL's IMAP connections and IDLEs.</summary>
    private MssClient ClientCountingTheOrg(TimeSpan renewal, ConnectionCounter connections) => new(Space.Options(o =>
    {
        o.IdleRenewal = renewal;
        o.Transcript = (address, protocol) => protocol == "imap" && address == SandboxProcess.Org ? connections : null;
    }));

    private async Task SendToTheOrgAsync(MssClient client, string subject)
    {
        await using var sender = client.OpenPsc(SandboxProcess.Per, BalType.Per, Space.Tokens(SandboxProcess.PerHolder));
        await sender.SendAsync(ToTheOrg(subject));
    }

    /// <summary>A message from the PER BAL to the ORG BAL, whose wait for mail the tests watch.</summary>
    private static MimeKit.MimeMessage ToTheOrg(string subject)
    {
        var message = Message(SandboxProcess.Per, subject);
        message.To.Clear();
        message.To.Add(MimeKit.MailboxAddress.Parse(SandboxProcess.Org));
        return message;
    }
}

/// <summary>An operator that ends sessions after a few seconds of its clock and takes small messages only.</summary>
public sealed class ShortLifetimeFixture : IAsyncLifetime
{
    public ClockedTrustSpace Space { get; private set; } = null!;

    public async Task InitializeAsync() => Space = await ClockedTrustSpace.StartAsync(new Dictionary<string, string>
    {
        ["Imap:Limits:SessionLifetime"] = "00:00:03",
        ["Submission:Limits:CommandTimeout"] = "00:00:02",
        ["Submission:Limits:MaxMessageSize"] = "100000",
    });

    public async Task DisposeAsync() => await Space.DisposeAsync();
}
