using OpenMss.Net;
using System.Buffers;
using OpenMss.Imap.Protocol;

namespace OpenMss.Imap.Server;

/// <summary>Reading requests: the receiver fed from the connection, literals acknowledged, deadlines kept.</summary>
internal sealed partial class ImapSession
{
    private enum Received
    {
        Request,
        Error,
        Closed,
        TimedOut,
        Stopping,
    }

    /// <summary>
    /// The next request. Waiting for its first byte is bounded by the idle timeout; once it has begun it must be
    /// complete within the request timeout, however slowly it comes.
    /// </summary>
    private async Task<(Received Status, ImapRequest? Request)> ReceiveAsync()
    {
        var input = _connection.Input;
        using var deadline = new SessionDeadline(_front.Limits.IdleTimeout, _front.Clock, _front.Stopping);
        var started = false;
        while (true)
        {
            System.IO.Pipelines.ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return (_front.Stopping.IsCancellationRequested ? Received.Stopping : Received.TimedOut, null);
            }

            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                deadline.Restart(_front.Limits.RequestTimeout);
            }

            var status = _receiver.Receive(ref buffer);
            switch (status)
            {
                case ReceiveStatus.Request:
                    input.AdvanceTo(buffer.Start);
                    return (Received.Request, _receiver.Request);
                case ReceiveStatus.Error:
                    input.AdvanceTo(buffer.Start);
                    return (Received.Error, null);
                case ReceiveStatus.NeedContinuation:
                    input.AdvanceTo(buffer.Start);
                    await WriteAsync("+ Ready for literal data\r\n", flush: true);
                    break;
                default:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        return (Received.Closed, null);
                    }

                    break;
            }
        }
    }

    /// <summary>One line after a continuation ("+ "): a SASL response, or IDLE's DONE; bounded in length and time.</summary>
    public async Task<string?> ReadSaslLineAsync(TimeSpan? timeout = null)
    {
        var input = _connection.Input;
        using var deadline = new SessionDeadline(timeout ?? _front.Limits.RequestTimeout, _front.Clock, _front.Stopping);
        while (true)
        {
            System.IO.Pipelines.ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is not null)
            {
                var line = buffer.Slice(0, lf.Value).ToArray();
                input.AdvanceTo(buffer.GetPosition(1, lf.Value));
                var text = System.Text.Encoding.ASCII.GetString(line).TrimEnd('\r');
                _transcript?.ClientResponse(text);
                return text;
            }

            if (buffer.Length > _front.Limits.Grammar.MaxLineLength || result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
