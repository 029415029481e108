using System.Diagnostics;
using System.Net;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary>openmss serve as a real process: health endpoint, clean stop on SIGTERM, a taken port.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Serve_answers_health_and_stops_cleanly_on_sigterm()
    {
        var adminPort = Repository.FreePort();
        var portsBase = adminPort - 80;
        using var server = StartServe(portsBase);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var health = await PollAsync(() => http.GetAsync(new Uri($"http://127.0.0.1:{adminPort}/health")));
            health.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await health.Content.ReadAsStringAsync()).ShouldBe("Healthy");

            var taken = await Cli.RunProcessAsync("--data", _directory.Combine("other"), "serve", "--ports-base", portsBase.ToString(System.Globalization.CultureInfo.InvariantCulture));
            taken.ExitCode.ShouldBe(2);
            taken.Error.Trim().ShouldBe($"Port {adminPort} on 127.0.0.1 is taken by another program. Choose other ports with --ports-base.");

            (await ProcessRunner.RunAsync("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode.ShouldBe(0);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(stop.Token);
            server.ExitCode.ShouldBe(0);
            var logs = await server.StandardError.ReadToEndAsync();
            logs.ShouldContain("\"EventId\":1000");
            logs.ShouldContain("OpenMSS stopping");
            (await server.StandardOutput.ReadToEndAsync()).ShouldBeEmpty();
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private Process StartServe(int portsBase) =>
        ProcessRunner.Start(Repository.Wrapper, ["--data", _directory.Combine("data"), "serve", "--ports-base", portsBase.ToString(System.Globalization.CultureInfo.InvariantCulture)], _directory.Path);

    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await request();
            }
            // Refused while the process starts; a timeout is a start slowed by a loaded machine, not a failure yet.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
