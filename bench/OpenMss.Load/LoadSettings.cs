using System.Net;

namespace OpenMss.Load;

/// <summary>What every scenario is given: where, as whom, how many clients, and how long.</summary>
internal sealed record LoadSettings(
    IPEndPoint Server,
    string TlsName,
    Credentials Credentials,
    int Clients,
    long Count,
    TimeSpan Duration,
    TimeSpan Timeout,
    int? ServerPid)
{
    /// <summary>Loopback only: the generator is a measuring tool, not a way to load someone else's server.</summary>
    public static IPEndPoint ParseServer(string value)
    {
        if (!IPEndPoint.TryParse(value, out var endpoint) || endpoint.Port == 0)
        {
            throw new ArgumentException($"--server '{value}' is not an address and port such as 127.0.0.1:10587.");
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ArgumentException($"--server {value} is not a loopback address; the load generator only drives servers on 127.0.0.0/8 or ::1.");
        }

        return endpoint;
    }
}
