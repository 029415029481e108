using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace OpenMss.Net;

/// <summary>
/// What every mail session goes through whatever its protocol: a lease on its remote address (refused with the
/// protocol's own words when the address has too many), and its start, breakage and end in the log. Transport
/// failures end the session quietly; anything else is the session's own to handle.
/// </summary>
public static class MailSessionLifetime
{
    public static async Task RunAsync(ConnectionContext context, string protocol, FrontKind front, AddressLimiter connections, ILogger logger, ReadOnlyMemory<byte> tooManyConnections, Func<MailConnection, Task> session)
    {
        await using var connection = new MailConnection(context);
        // Disposed before the connection: the address's slot is free before the client sees the socket close.
        using var lease = connections.TryAcquire(connection.RemoteAddress);
        if (lease is null)
        {
            await connection.Output.WriteAsync(tooManyConnections);
            return;
        }

        SessionLog.Started(logger, protocol, connection.ConnectionId, connection.RemoteEndPoint, front);
        try
        {
            await session(connection);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException)
        {
            SessionLog.Broken(logger, protocol, connection.ConnectionId, e);
        }
        finally
        {
            SessionLog.Ended(logger, protocol, connection.ConnectionId);
        }
    }
}
