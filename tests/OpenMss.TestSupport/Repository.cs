using System.Net;
using System.Net.Sockets;

namespace OpenMss.TestSupport;

/// <summary>Where the repository is (for the ./openmss wrapper), and free loopback ports.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The ./openmss wrapper: tests run the CLI exactly as users and docs do.</summary>
    public static string Wrapper => Path.Combine(Root, "openmss");

    /// <summary>
    /// A TCP port free now on 127.0.0.1, below the kernel's ephemeral range: a port the kernel hands out (bind to 0)
    /// can be taken by another test's client connection before the server that was meant for it binds it.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var candidate = Random.Shared.Next(11_000, 32_000);
            if (PortReservations.TryReserve([candidate], () => Bindable(IPAddress.Loopback, candidate, SocketType.Stream, ProtocolType.Tcp)))
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// A port base for a server process's fixed listeners (base + 25, 53, 80, 81, 143, 144, 389, 443-446, 587, 588), all free
    /// now on TCP (and UDP for DNS) on 127.0.0.1, and on 127.0.0.2 and .3 where a second operator and a second node
    /// listen with the same ports (a test may start only those). Chosen below the kernel's ephemeral range (32768
    /// and up), where the client sockets of the tests running alongside take their ports, so a checked port is not
    /// taken by a connection before its server binds it.
    /// </summary>
    public static int FreePortBase() => FreePortBase([25, 53, 80, 81, 82, 143, 144, 389, 443, 444, 445, 446, 587, 588], Hosts);

    /// <summary>
    /// A port base whose <paramref name="offsets"/> are all free on TCP on every one of <paramref name="hosts"/> (and
    /// base+53 on UDP on 127.0.0.1), the highest port below <paramref name="below"/>. A wide set of offsets can take
    /// its own band (<paramref name="from"/>), away from the other tests' servers, which would otherwise bind a port
    /// it checked free a moment before. The ports stay reserved for the run's other test processes a while
    /// (<see cref="PortReservations"/>).
    /// </summary>
    public static int FreePortBase(IReadOnlyList<int> offsets, IReadOnlyList<IPAddress> hosts, int from = 11_000, int below = 32_000)
    {
        var highest = offsets.Max();
        while (true)
        {
            var candidate = Random.Shared.Next(from, below - highest);
            if (PortReservations.TryReserve(
                    [.. offsets.Select(o => candidate + o)],
                    () => hosts.All(host => offsets.All(o => Bindable(host, candidate + o, SocketType.Stream, ProtocolType.Tcp))) && Bindable(IPAddress.Loopback, candidate + 53, SocketType.Dgram, ProtocolType.Udp)))
            {
                return candidate;
            }
        }
    }

    private static readonly IPAddress[] Hosts = [IPAddress.Loopback, IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")];

    private static bool Bindable(IPAddress host, int port, SocketType type, ProtocolType protocol)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            socket.Bind(new IPEndPoint(host, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until something accepts connections on a loopback port (a server process starting), bounded.</summary>
    public static async Task WaitForPortAsync(int port, System.Diagnostics.Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenMss.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the OpenMSS repository: OpenMss.slnx was not found above them.");
    }
}
