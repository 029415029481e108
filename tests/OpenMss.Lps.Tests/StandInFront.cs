using System.Diagnostics;
using System.Globalization;
using OpenMss.TestSupport;

namespace OpenMss.Lps.Tests;

/// <summary>
/// testdata/lps/starttls_server.py as a process: an SMTP or IMAP front with STARTTLS presenting a given certificate
/// and TLS versions (Python's ssl, an independent TLS stack), recording every line the client sends.
/// </summary>
public sealed class StandInFront : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _record;

    private StandInFront(Process process, string record, int port)
    {
        _process = process;
        _record = record;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The lines the client sent, and TLS-ESTABLISHED/TLS-FAILED markers.</summary>
    public IReadOnlyList<string> Received => File.Exists(_record) ? File.ReadAllLines(_record) : [];

    public static async Task<StandInFront> StartAsync(string protocol, string certificate, string key, string record, string tlsMax = "1.3")
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(Repository.Root, "testdata", "lps", "starttls_server.py"), "--protocol", protocol, "--cert", certificate, "--key", key, "--record", record, "--tls-max", tlsMax })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("the stand-in front did not start: " + await process.StandardError.ReadToEndAsync(timeout.Token));
        return new StandInFront(process, record, int.Parse(line, CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
