// Serves TLS on loopback with the fronts' TLS policy (the options a TLS 1.3 client gets on a PSC front), with the
// test PKI's RSA and then its ECDSA server certificate, and runs openssl clients against each: new handshakes, then
// resumed sessions (openssl s_client each time, as s_time does not resume TLS 1.3 sessions). Prints the server
// process's CPU per handshake. Argument: [handshakes of each kind, 400].
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Net;
using OpenMss.TestSupport;

var handshakes = args.Length > 0 ? int.Parse(args[0]) : 400;
var pki = RunningSandbox.Pki;
foreach (var (name, certificate, key) in new[] { ("RSA 2048", pki.Server, pki.ServerKey), ("ECDSA P-256", pki.ServerEcdsa, pki.ServerEcdsaKey) })
{
    var policy = TlsPolicy.FromPem(certificate, key);
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    using var stop = new CancellationTokenSource();
    var server = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(async () =>
            {
                using (client)
                await using (var tls = new SslStream(client.GetStream()))
                {
                    try
                    {
                        await tls.AuthenticateAsServerAsync(policy.ServerOptions(offersTls13: true, requestClientCertificate: false));
                        // s_time sends "GET /" and reads until the peer closes: answer and close.
                        var buffer = new byte[1024];
                        _ = await tls.ReadAsync(buffer);
                        await tls.WriteAsync("HTTP/1.0 200 OK\r\n\r\n"u8.ToArray());
                    }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                    {
                    }
                }
            });
        }
    });

    // Warm up (JIT, first contexts), then time the server's CPU over `handshakes` openssl clients of each kind.
    using var sessions = new TempDirectory();
    var ticket = sessions.Combine("session.pem");
    await ClientAsync(port, ["-sess_out", ticket]);
    foreach (var resumed in new[] { false, true })
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // Four shell loops, each running its share of openssl clients: this process only serves and reads their summaries.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => BatchAsync(port, handshakes / 4, resumed ? ["-sess_in", ticket] : [])));
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var total = outcomes.Sum(o => o.Total);
        Console.WriteLine(
            $"{name,-12} {(resumed ? "resumed" : "full"),-8} {outcomes.Sum(o => o.Reused),4}/{total} reused; server CPU {used.TotalMilliseconds * 1000 / total,6:F0} µs per handshake " +
            $"({total / clock.Elapsed.TotalSeconds:F0} handshakes/s with 4 openssl processes, mostly their start)");
    }

    await stop.CancelAsync();
    listener.Stop();
    try
    {
        await server;
    }
    catch (OperationCanceledException)
    {
    }
}

static async Task<string> ClientAsync(int port, string[] options)
{
    var run = await ProcessRunner.RunAsync(
        "bash",
        ["-c", $"printf 'GET /\\r\\n' | openssl s_client -connect 127.0.0.1:{port} -CAfile \"$0\" -ign_eof \"$@\" 2>&1", RunningSandbox.Pki.TrustAnchor, .. options],
        timeout: TimeSpan.FromSeconds(30));
    return run.Out;
}

static async Task<(int Reused, int Total)> BatchAsync(int port, int count, string[] options)
{
    var run = await ProcessRunner.RunAsync(
        "bash",
        ["-c", $"for i in $(seq {count}); do printf 'GET /\\r\\n' | openssl s_client -connect 127.0.0.1:{port} -CAfile \"$0\" -ign_eof \"$@\" 2>&1 | grep -E '^(New|Reused),'; done", RunningSandbox.Pki.TrustAnchor, .. options],
        timeout: TimeSpan.FromMinutes(5));
    var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    return (lines.Count(l => l.StartsWith("Reused, TLSv1.3", StringComparison.Ordinal)), lines.Length);
}
