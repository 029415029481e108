using OpenMss.Lps;
using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>
/// ECO.1.2.7 against a sandbox whose operator ends IMAP sessions after 3 seconds (BYE [EXPIRED]) and submission
/// sessions after 2 idle seconds (421), and accepts messages of 100 kB at most.
/// </summary>
public sealed class SessionLifetimeTests(ShortLifetimeFixture fixture) : IClassFixture<ShortLifetimeFixture>
{
    private readonly SandboxProcess _sandbox = fixture.Sandbox;

    [Fact]
    public async Task A_client_working_for_a_minute_sees_no_error_across_the_operator_ending_its_sessions()
    {
        using var client = new MssClient(_sandbox.Options());
        var tokens = new SandboxTokenSource(_sandbox, SandboxProcess.PerHolder);
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, tokens);
        await using var app = client.OpenApp(SandboxProcess.App, _sandbox.AppCredential());

        var until = DateTime.UtcNow.AddMinutes(1);
        var rounds = 0;
        while (DateTime.UtcNow < until)
        {
            foreach (var (bal, address) in new[] { (per, SandboxProcess.Per), (app, SandboxProcess.App) })
            {
                var subject = $"round {rounds} {Guid.NewGuid()}";
                await bal.SendAsync(Message(address, subject));
                var found = await FindAsync(bal, subject);
                (await bal.GetMessageAsync(found.Uid)).Subject.ShouldBe(subject);
                await bal.MarkProcessedAsync(found.Uid, delete: true);
            }

            rounds++;
            await Task.Delay(TimeSpan.FromMilliseconds(2500 + (rounds % 3 * 500))); // past the IMAP lifetime or the submission idle time
        }

        rounds.ShouldBeGreaterThan(10);
        per.Reopenings.ShouldBeGreaterThanOrEqualTo(10, "the operator ended the sessions many times");
        app.Reopenings.ShouldBeGreaterThanOrEqualTo(10);
        tokens.Fetches.ShouldBe(1, "the token, valid for two minutes, is reused from memory at every reopening");
    }

    [Fact]
    public async Task Waiting_for_mail_with_idle_continues_across_the_end_of_sessions()
    {
        var connections = new ConnectionCounter();
        using var client = new MssClient(_sandbox.Options(o =>
        {
            o.IdleRenewal = TimeSpan.FromSeconds(2); // each renewal is a command: past 3 s the operator answers BYE [EXPIRED]
            o.Transcript = (_, protocol) => protocol == "imap" ? connections : null;
        }));
        var tokens = new SandboxTokenSource(_sandbox, SandboxProcess.Colleague);
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, tokens);
        await org.ListNewAsync();
        var waiting = org.WaitForNewMailAsync(TimeSpan.FromSeconds(60));
        await connections.Reached(3).WaitAsync(TimeSpan.FromSeconds(30)); // the wait survived two ends of session
        waiting.IsCompleted.ShouldBeFalse();
        org.Reopenings.ShouldBeGreaterThanOrEqualTo(1); // the third connection may still be opening

        await using var sender = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(_sandbox, SandboxProcess.PerHolder));
        var message = Message(SandboxProcess.Per, "for the secretariat");
        message.To.Clear();
        message.To.Add(MimeKit.MailboxAddress.Parse(SandboxProcess.Org));
        await sender.SendAsync(message);

        (await waiting).ShouldBeTrue();
    }

    [Fact]
    public async Task Mail_that_arrives_while_the_session_is_reopened_ends_the_wait()
    {
        var connections = new ConnectionCounter();
        using var client = new MssClient(_sandbox.Options(o =>
        {
            o.IdleRenewal = TimeSpan.FromSeconds(2);
            o.Transcript = (address, protocol) => protocol == "imap" && address == SandboxProcess.Org ? connections : null;
        }));
        await using var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, new SandboxTokenSource(_sandbox, SandboxProcess.Colleague));
        await using var sender = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(_sandbox, SandboxProcess.PerHolder));
        var message = Message(SandboxProcess.Per, "between two sessions");
        message.To.Clear();
        message.To.Add(MimeKit.MailboxAddress.Parse(SandboxProcess.Org));
        // The operator ends the first session; as the second connects, and before it selects the INBOX, the message is
        // delivered: the new session's SELECT already counts it, so no EXISTS will ever announce it.
        connections.OnConnect = number =>
        {
            if (number == 2)
            {
                sender.SendAsync(message).GetAwaiter().GetResult();
            }
        };
        await org.ListNewAsync();

        (await org.WaitForNewMailAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        org.Reopenings.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task The_quick_start_of_the_sdk_guide_runs_as_written_across_the_operator_ending_its_sessions()
    {
        var program = Path.Combine(OpenMss.TestSupport.Repository.Root, "artifacts", "bin", "OpenMss.Lps.QuickStart", "release", "OpenMss.Lps.QuickStart.dll");
        var run = await OpenMss.TestSupport.ProcessRunner.RunAsync("dotnet", [program], timeout: TimeSpan.FromMinutes(3), environment: new Dictionary<string, string>
        {
            ["MSS_ROOTS"] = _sandbox.Ca,
            ["MSS_DNS"] = _sandbox.Dns.ToString(),
            ["MSS_TOKEN_COMMAND"] = $"'{OpenMss.TestSupport.Repository.Wrapper}' psc token --sandbox '{_sandbox.Data}' --idnat {SandboxProcess.PerHolder}",
            ["MSS_APP_CERT"] = _sandbox.AppCertificate,
            ["MSS_APP_KEY"] = _sandbox.AppKey,
            ["MSS_ROUNDS"] = "4",
            ["MSS_PAUSE"] = "4", // longer than the IMAP lifetime and the submission idle time: every round reopens
        });

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ShouldBe(
            Enumerable.Range(1, 4).Select(i => $"Compte rendu {i} from {SandboxProcess.Per}"));
    }

    [Fact]
    public async Task A_message_over_the_operators_size_is_refused_before_upload()
    {
        using var client = new MssClient(_sandbox.Options());
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, new SandboxTokenSource(_sandbox, SandboxProcess.PerHolder));
        var message = Message(SandboxProcess.Per, "too big");
        message.Body = new MimeKit.TextPart("plain") { Text = new string('x', 150_000) };

        var refused = await Should.ThrowAsync<MssRefusedException>(() => per.SendAsync(message));

        refused.ProtocolCode.ShouldBe("SIZE");
        refused.Message.ShouldContain("at most 100000");
    }
}

/// <summary>A sandbox whose operator ends sessions after a few seconds and takes small messages only.</summary>
public sealed class ShortLifetimeFixture : IAsyncLifetime
{
    public SandboxProcess Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
    {
        ["Imap:Limits:SessionLifetime"] = "00:00:03",
        ["Submission:Limits:CommandTimeout"] = "00:00:02",
        ["Submission:Limits:MaxMessageSize"] = "100000",
    });

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
