using OpenMss.Lps;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// Disposing a mailbox while it waits for mail, on its own stepped clock: the wait's IDLE timer must not be found by
/// the session-lifetime tests, which step their clock by the timers they see.
/// </summary>
public sealed class MailboxDisposalTests(ShortLifetimeFixture fixture) : IClassFixture<ShortLifetimeFixture>
{
    private ClockedTrustSpace Space => fixture.Space;

    [Fact]
    public async Task Disposing_a_mailbox_ends_its_wait_for_mail_at_once()
    {
        var renewal = TimeSpan.FromSeconds(2);
        using var client = new MssClient(Space.Options(o => o.IdleRenewal = renewal));
        var org = client.OpenPsc(SandboxProcess.Org, BalType.Org, Space.Tokens(SandboxProcess.Colleague));
        await org.ListNewAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var waiting = org.WaitForNewMailAsync(TimeSpan.FromMinutes(10));
        await Space.Clock.WaitForTimerAsync(renewal); // in IDLE, on a clock that will not move

        await org.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)); // it waited for the wait before

        await Should.ThrowAsync<ObjectDisposedException>(waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await org.DisposeAsync(); // a second disposal is harmless
    }
}
