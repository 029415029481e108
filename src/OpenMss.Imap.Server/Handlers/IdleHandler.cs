using OpenMss.Imap.Protocol.Responses;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// IDLE (RFC 2177): "+ idling", then changes of the selected mailbox are pushed as they are committed (the change
/// feed wakes the session, in this process or, on PostgreSQL, from another), until the client sends DONE.
/// </summary>
internal static class IdleHandler
{
    public static async Task HandleAsync(IImapContext session, string tag)
    {
        await session.WriteAsync("+ idling\r\n", flush: true);
        using var limit = new OpenMss.Net.SessionDeadline(session.Front.Limits.IdleTimeout, session.Front.Clock, session.Front.Stopping);
        // While DONE is being read, nobody else may peek at the input: responses are flushed as they are written.
        var done = session.ReadSaslLineAsync(session.Front.Limits.IdleTimeout);
        session.Idling = true;
        try
        {
            await PushUntilDoneAsync(session, done, limit.Token);
        }
        finally
        {
            session.Idling = false;
        }

        if (session.Closing)
        {
            return;
        }

        var line = await done;
        if (line is null)
        {
            session.Close();
            return;
        }

        if (!line.Equals("DONE", StringComparison.OrdinalIgnoreCase))
        {
            await session.BadAsync(tag, null, "IDLE ends with DONE.");
            return;
        }

        await session.SyncAsync(allowExpunge: true);
        await session.OkAsync(tag, "IDLE terminated.");
    }

    private static async Task PushUntilDoneAsync(IImapContext session, Task<string?> done, CancellationToken limit)
    {
        // The wait for a change ends with this IDLE. Left pending, it would take the watch's next notice (the watch has
        // one reader), and the session's next IDLE would never hear of that change.
        using var idling = CancellationTokenSource.CreateLinkedTokenSource(limit);
        while (true)
        {
            var change = session.State is SelectedState { Mailbox: var selected } ? selected.WaitForChangeAsync(idling.Token) : Task.Delay(Timeout.Infinite, idling.Token);
            var first = await Task.WhenAny(done, change);
            if (first == done)
            {
                // A notice taken as DONE came is kept: the tagged OK follows a sync up to it.
                await idling.CancelAsync();
                await Task.WhenAny(change);
                return;
            }

            if (change.IsCanceled || change.IsFaulted)
            {
                // Timed out, stopping, or the watch ended: the read of DONE ends with the same deadline.
                await (session.Front.Stopping.IsCancellationRequested ? session.ByeAsync("Server shutting down.", ResponseCode.Unavailable) : session.ByeAsync("Autologout: idle for too long."));
                await done;
                return;
            }

            await session.SyncAsync(allowExpunge: true);
        }
    }
}
