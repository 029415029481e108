using System.Text;
using MailKit;
using OpenMss.TestSupport;
using static OpenMss.Lps.Tests.SandboxSessionTests;

namespace OpenMss.Lps.Tests;

/// <summary>
/// The SDK on an operator that offers CONDSTORE (RFC 7162): a listing of an INBOX that did not change since the
/// cursor costs the SELECT alone, no search and no message data.
/// </summary>
public sealed class ResyncTests(ResyncFixture fixture) : IClassFixture<ResyncFixture>
{
    private ClockedTrustSpace Space => fixture.Space;

    [Fact]
    public async Task Listing_an_unchanged_inbox_after_reconnecting_is_one_select_and_new_mail_is_still_found()
    {
        var commands = new CommandLog();
        using var client = new MssClient(Space.Options(o => o.Transcript = (_, protocol) => protocol == "imap" ? commands : null));
        await using var per = client.OpenPsc(SandboxProcess.Per, BalType.Per, Space.Tokens(SandboxProcess.PerHolder));
        await per.SendAsync(Message(SandboxProcess.Per, "premier"));
        var first = await per.ListNewAsync();
        first.Messages.Select(m => m.Subject).ShouldBe(["premier"]);
        first.Next.HighestModSeq.ShouldBeGreaterThan(0UL);
        await per.CloseAsync();

        commands.Clear();
        var unchanged = await per.ListNewAsync(first.Next);
        await per.CloseAsync();

        unchanged.Messages.ShouldBeEmpty();
        unchanged.Next.ShouldBe(first.Next);
        var sent = commands.Verbs();
        sent.ShouldContain("SELECT");
        sent.ShouldNotContain("SEARCH", string.Join(", ", sent));
        sent.ShouldNotContain("FETCH");
        sent.ShouldNotContain("UID");

        await per.SendAsync(Message(SandboxProcess.Per, "second"));
        var next = await per.ListNewAsync(first.Next);
        next.Messages.Select(m => m.Subject).ShouldBe(["second"]);
        next.Next.HighestModSeq.ShouldBeGreaterThan(first.Next.HighestModSeq);
    }

    /// <summary>The commands MailKit sends, by verb (after the tag; UID FETCH counts as UID).</summary>
    private sealed class CommandLog : IProtocolLogger
    {
        private readonly StringBuilder _sent = new();

        public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

        public void Clear()
        {
            lock (_sent)
            {
                _sent.Clear();
            }
        }

        public List<string> Verbs()
        {
            lock (_sent)
            {
                return [.. _sent.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => line.Split(' '))
                    .Where(words => words.Length > 1)
                    .Select(words => words[1].ToUpperInvariant())];
            }
        }

        public void LogConnect(Uri uri)
        {
        }

        public void LogClient(byte[] buffer, int offset, int count)
        {
            lock (_sent)
            {
                _sent.Append(Encoding.UTF8.GetString(buffer, offset, count));
            }
        }

        public void LogServer(byte[] buffer, int offset, int count)
        {
        }

        public void Dispose()
        {
            // Shared by the test's connections.
        }
    }
}

/// <summary>An operator with its defaults, on a stepped clock nobody moves.</summary>
public sealed class ResyncFixture : IAsyncLifetime
{
    public ClockedTrustSpace Space { get; private set; } = null!;

    public async Task InitializeAsync() => Space = await ClockedTrustSpace.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await Space.DisposeAsync();
}
