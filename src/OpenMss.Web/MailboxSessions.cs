using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OpenMss.Lps;

namespace OpenMss.Web;

/// <summary>
/// The SDK sessions of logged-in professionals, kept between their pages: a page then costs its IMAP commands, not
/// a TLS handshake, an XOAUTH2 exchange and the front's token check. One per (access token, BAL); the pages of one
/// session run one at a time; a session unused for <see cref="IdleLimit"/> is closed, as is one whose token the
/// front refused. The fronts still end each after 15 minutes, and the SDK reopens it.
/// </summary>
internal sealed class MailboxSessions(MssClient client, WebmailSettings settings, TimeProvider clock) : IAsyncDisposable
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    public async Task<T> RunAsync<T>(string address, BalType type, string accessToken, Func<MssMailbox, Task<T>> work, CancellationToken cancellationToken)
    {
        await SweepAsync();
        var key = Key(address, accessToken);
        var entry = _sessions.GetOrAdd(key, _ => new Entry(Open(address, type, accessToken)));
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            entry.LastUsed = clock.GetUtcNow();
            return await work(entry.Mailbox);
        }
        catch (Exception e) when (e is MssTokenRefusedException or MssPscSessionEndedException or MssNotAuthorizedException)
        {
            if (_sessions.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                await entry.Mailbox.DisposeAsync();
            }

            throw;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _sessions.Keys)
        {
            if (_sessions.TryRemove(key, out var entry))
            {
                await entry.Mailbox.DisposeAsync();
            }
        }
    }

    private async Task SweepAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _sessions)
        {
            if (now - entry.LastUsed > IdleLimit && entry.Gate.Wait(0))
            {
                try
                {
                    if (_sessions.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
                    {
                        await entry.Mailbox.DisposeAsync();
                    }
                }
                finally
                {
                    entry.Gate.Release();
                }
            }
        }
    }

    /// <summary>A hash, not the token: the dictionary's keys are no place for a credential.</summary>
    private static string Key(string address, string accessToken) =>
        address.ToLowerInvariant() + " " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(accessToken)));

    private MssMailbox Open(string address, BalType type, string accessToken)
    {
        // The token the professional's login gave; a refused one ends in the SDK's typed error (a new login).
        var token = new PscAccessToken(accessToken, DateTimeOffset.MaxValue);
        return client.OpenPsc(address, type, PscTokenSource.Create((_, _) => Task.FromResult(token)), settings.Fronts);
    }

    private sealed class Entry(MssMailbox mailbox)
    {
        public MssMailbox Mailbox { get; } = mailbox;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset LastUsed { get; set; }
    }
}
