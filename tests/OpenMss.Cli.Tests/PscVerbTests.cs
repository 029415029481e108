using System.Diagnostics;
using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests;

/// <summary><c>openmss psc serve</c> as a real process, and the verbs scripts use against it.</summary>
public sealed class PscVerbTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Serve_writes_sandbox_json_token_prints_only_a_token_and_sigterm_cleans_up()
    {
        var data = _directory.Combine("psc");
        var port = Repository.FreePort();
        using var server = Start("psc", "serve", "--data", data, "--port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            var manifest = Path.Combine(data, "sandbox.json");
            await WaitForAsync(() => File.Exists(manifest), server);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(manifest).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds client secrets
            }

            (await File.ReadAllTextAsync(manifest)).ShouldContain($"\"issuer\": \"https://127.0.0.1:{port}/auth/realms/esante-wallet\"");

            var token = await Cli.RunAsync("psc", "token", "--sandbox", data, "--idnat", "810001234567");
            token.ExitCode.ShouldBe(0, token.Error);
            var lines = token.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBe(1);
            var jwt = new JsonWebToken(lines[0]);
            jwt.GetPayloadValue<string>("SubjectNameID").ShouldBe("810001234567");
            jwt.Issuer.ShouldBe($"https://127.0.0.1:{port}/auth/realms/esante-wallet");

            var unknown = await Cli.RunAsync("psc", "token", "--sandbox", data, "--idnat", "899999999999");
            (unknown.ExitCode, unknown.Out, unknown.Error.Trim()).ShouldBe((1, "", "The sandbox has no test identity 899999999999."));

            (await ProcessRunner.RunAsync("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode.ShouldBe(0);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(stop.Token);
            server.ExitCode.ShouldBe(0);
            File.Exists(manifest).ShouldBeFalse();
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

    [Fact]
    public async Task Pending_requests_are_listed_and_answered_from_the_command_line()
    {
        var data = _directory.Combine("psc");
        var port = Repository.FreePort();
        using var server = Start("psc", "serve", "--data", data, "--port", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            await WaitForAsync(() => File.Exists(Path.Combine(data, "sandbox.json")), server);
            using var http = new HttpClient(OpenMss.Net.TrustAnchors.HttpHandler(Path.Combine(data, "pki", "ca.pem")));
            var client = OpenMss.Psc.Sandbox.PscSandboxClient.ForIssuer(http, $"https://127.0.0.1:{port}/auth/realms/esante-wallet");
            var (id, _) = await client.RequestCibaAsync("lps-editeur", "sandbox-lps-secret", "810002345678", "31", "CARD");

            var pending = await Cli.RunAsync("psc", "pending", "--sandbox", data);
            var approve = await Cli.RunAsync("psc", "approve", "--sandbox", data, id);
            var again = await Cli.RunAsync("psc", "refuse", "--sandbox", data, id);
            var failure = await Cli.RunAsync("psc", "failure", "--sandbox", data, "servererror");

            pending.Out.Trim().ShouldBe($"{id}\t810002345678\tlps-editeur\t31\tCARD");
            approve.ExitCode.ShouldBe(0, approve.Error);
            again.ExitCode.ShouldBe(1);
            again.Error.ShouldContain("answered or expired");
            failure.ExitCode.ShouldBe(0, failure.Error);
            using var state = await client.StateAsync();
            state.RootElement.GetProperty("failure").GetString().ShouldBe("servererror");
            state.RootElement.GetProperty("sessions")[0].GetProperty("means").GetString().ShouldBe("CPS");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Without_a_running_sandbox_token_says_so_in_one_sentence()
    {
        var result = await Cli.RunAsync("psc", "token", "--sandbox", _directory.Path, "--idnat", "810001234567");

        result.ExitCode.ShouldBe(2);
        result.ErrorLines.ShouldHaveSingleItem().ShouldStartWith($"No running sandbox in {_directory.Path}");
    }

    private Process Start(params string[] arguments) => ProcessRunner.Start(Repository.Wrapper, arguments, _directory.Path);

    private static async Task WaitForAsync(Func<bool> condition, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The server exited: {await server.StandardError.ReadToEndAsync()}");
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the sandbox did not start in time");
            await Task.Delay(100);
        }
    }
}
