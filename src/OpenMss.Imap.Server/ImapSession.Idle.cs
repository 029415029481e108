using OpenMss.Imap.Protocol.Responses;
namespace OpenMss.Imap.Server;

/// <summary>
/// IDLE (RFC 2177): "+ idling", then changes of the selected mailbox are pushed as they are committed (the change
/// feed wakes the session, in this process or, on PostgreSQL, from another), until the client sends DONE.
/// </summary>
internal sealed partial class ImapSession
{
    private async Task IdleAsync(string tag)
    {
        await WriteAsync("+ idling\r\n", flush: true);
        using var limit = new OpenMss.Net.SessionDeadline(_front.Limits.IdleTimeout, _front.Clock, _front.Stopping);
        // While DONE is being read, nobody else may peek at the input: responses are flushed as they are written.
        var done = ReadSaslLineAsync(_front.Limits.IdleTimeout);
        _idling = true;
        try
        {
            await PushUntilDoneAsync(done, limit.Token);
        }
        finally
        {
            _idling = false;
        }

        if (_closing)
        {
            return;
        }

        var line = await done;
        if (line is null)
        {
            _closing = true;
            return;
        }

        if (!line.Equals("DONE", StringComparison.OrdinalIgnoreCase))
        {
            await BadAsync(tag, null, "IDLE ends with DONE.");
            return;
        }

        await SyncAsync(allowExpunge: true);
        await OkAsync(tag, "IDLE terminated.");
    }

    private async Task PushUntilDoneAsync(Task<string?> done, CancellationToken limit)
    {
        while (true)
        {
            var change = _selected is null ? Task.Delay(Timeout.Infinite, limit) : _selected.Watch.WaitAsync(limit).AsTask();
            var first = await Task.WhenAny(done, change);
            if (first == done)
            {
                return;
            }

            if (change.IsCanceled || change.IsFaulted)
            {
                // Timed out, stopping, or the watch ended: the read of DONE ends with the same deadline.
                await (_front.Stopping.IsCancellationRequested ? ByeAsync("Server shutting down.", ResponseCode.Unavailable) : ByeAsync("Autologout: idle for too long."));
                await done;
                return;
            }

            await SyncAsync(allowExpunge: true);
        }
    }
}
