using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// <c>openssl s_server</c> offering TLS 1.1 only, at security level 0: .NET cannot serve TLS 1.1 on OpenSSL 3, and
/// the case needs a server that really completes a TLS 1.1 handshake with a client that accepts one. Quiet, so that
/// nothing a client sends through it is printed; its standard input is held open (it stops at end of input).
/// </summary>
public sealed class OpenSslServer : IAsyncDisposable
{
    private readonly Process _process;

    private OpenSslServer(Process process, IPEndPoint endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<OpenSslServer> StartTls11Async(string certificate, string key, string chain, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var process = OpenSslCommand.Start(
            [
                "s_server", "-quiet", "-accept", $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}",
                "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-cert", certificate, "-key", key, "-cert_chain", chain,
            ],
            "The TLS 1.1 listener");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OpenSslServer(process, endpoint);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(endpoint, cancellationToken);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"openssl s_server did not listen on {endpoint} (exit code {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none")}).");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
