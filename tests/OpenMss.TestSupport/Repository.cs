using System.Net;
using System.Net.Sockets;

namespace OpenMss.TestSupport;

/// <summary>Where the repository is (for the ./openmss wrapper), and free loopback ports.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The ./openmss wrapper: tests run the CLI exactly as users and docs do.</summary>
    public static string Wrapper => Path.Combine(Root, "openmss");

    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
