using System.Net;
using System.Net.Sockets;

namespace OpenMss.Operator.Hosting;

/// <summary>Finds out before starting whether a listener's port is free, so a taken port gets one sentence, not a trace.</summary>
public static class PortCheck
{
    /// <returns>null when the port can be bound, else a sentence saying why not.</returns>
    public static string? Problem(IPAddress address, int port, ProtocolType protocol = ProtocolType.Tcp)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, protocol == ProtocolType.Udp ? SocketType.Dgram : SocketType.Stream, protocol);
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"Port {port} on {address} is taken by another program."
                : $"Port {port} on {address} cannot be used: {e.Message}.";
        }
    }
}
