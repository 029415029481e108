using System.CommandLine;
using System.Net;
using OpenMss.Cli.Sandbox;
using OpenMss.Net;
using OpenMss.Operator.Hosting;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss psc serve|token|pending|approve|refuse|failure</c>: run the PSC sandbox alone, and act on a running one
/// as scripts and testers do (DESIGN.md §5: <c>psc token</c> prints the token and nothing else on stdout).
/// </summary>
internal static class PscCommands
{
    private static readonly string[] PendingColumns = ["authReqId", "idNat", "clientId", "bindingMessage", "channel"];

    public static Command Create(CliContext context) =>
        new("psc", "The Pro Santé Connect sandbox: run it, get tokens from it, answer its CIBA requests, make it fail.")
        {
            Serve(context), Token(context), Logout(context), Pending(context), Decide(context, approve: true), Decide(context, approve: false), Failure(context),
        };

    /// <summary>Ends the PSC session an access token belongs to, as the professional logging out at PSC would; the token is read from standard input (never an argument, which other users can see).</summary>
    private static Command Logout(CliContext context)
    {
        var sandbox = SandboxOption();
        var command = new Command("logout", "Log out the PSC session of the access token given on standard input: its tokens die, back-channel logouts go out.") { sandbox };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var token = (await Console.In.ReadLineAsync(cancellationToken))?.Trim();
            if (string.IsNullOrEmpty(token) || SessionOf(token) is not { } session)
            {
                throw new UsageException("Standard input holds no PSC access token with a session (sid claim).");
            }

            var (_, client) = Connect(parseResult.GetRequiredValue(sandbox));
            using (client.Http)
            {
                await client.Client.EndSessionAsync(session, cancellationToken);
            }
        }));
        return command;
    }

    /// <summary>The sid claim of a JWT, read without checking the signature (the sandbox only ends sessions it knows).</summary>
    private static string? SessionOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload));
            return json.RootElement.TryGetProperty("sid", out var sid) ? sid.GetString() : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static Command Serve(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Directory for the sandbox: its test PKI (made if absent) and sandbox.json.", Required = true, HelpName = "DIR" };
        var port = new Option<int?>("--port") { Description = $"HTTPS port on 127.0.0.1 (default {new ListenerPorts(ListenerPorts.DefaultBase).Psc}).", HelpName = "N" };
        var directory = new Option<string?>("--directory") { Description = "JSON file of test identities and clients (default: DIR/psc-directory.json if present, else built-in ones).", HelpName = "FILE" };
        var accessLifetime = new Option<int?>("--access-token-lifetime") { Description = "Access token lifetime in seconds (PSC: 120).", HelpName = "SECONDS" };
        var ssoIdle = new Option<int?>("--sso-idle") { Description = "SSO session idle timeout in seconds (PSC: 900).", HelpName = "SECONDS" };
        var command = new Command("serve", "Run the PSC sandbox in the foreground until SIGTERM or Ctrl-C; writes DIR/sandbox.json once it accepts connections.")
        {
            data, port, directory, accessLifetime, ssoIdle,
        };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var root = Path.GetFullPath(parseResult.GetRequiredValue(data));
            var chosenPort = parseResult.GetValue(port) ?? new ListenerPorts(ListenerPorts.DefaultBase).Psc;
            if (PortCheck.Problem(IPAddress.Loopback, chosenPort) is { } problem)
            {
                throw new UsageException($"{problem} Choose another with --port.");
            }

            var lifetimes = new SandboxLifetimes();
            lifetimes = lifetimes with
            {
                AccessToken = Seconds(parseResult.GetValue(accessLifetime), "--access-token-lifetime") ?? lifetimes.AccessToken,
                SsoIdle = Seconds(parseResult.GetValue(ssoIdle), "--sso-idle") ?? lifetimes.SsoIdle,
            };
            Directory.CreateDirectory(root);
            SandboxManifest.Remove(root);
            var pki = new TestPkiLayout(Path.Combine(root, "pki"));
            if (!pki.Exists)
            {
                TestPki.Init(pki.Directory, TestPki.DefaultServerHosts, TestPki.DefaultClient, context.Clock.GetUtcNow());
            }

            var directoryFile = parseResult.GetValue(directory) ?? Path.Combine(root, "psc-directory.json");
            var known = File.Exists(directoryFile) ? SandboxDirectory.Load(directoryFile)
                : parseResult.GetValue(directory) is not null ? throw new UsageException($"{directoryFile} does not exist.")
                : SandboxDirectory.Defaults;
            var (certificate, chain) = pki.LoadServer();
            await using var sandbox = await PscSandbox.StartAsync(
                new SandboxSettings { Port = chosenPort, Certificate = certificate, CertificateChain = chain, Directory = known, Lifetimes = lifetimes },
                context.Clock, cancellationToken: cancellationToken);
            new SandboxManifest(PscSandboxDescription.Of(sandbox), pki.TrustAnchor, [], []).Write(root);
            await context.Error.WriteLineAsync($"PSC sandbox: issuer {sandbox.Issuer}, control page {sandbox.BaseAddress}/sandbox, description {SandboxManifest.PathIn(root)}.");
            try
            {
                await Signals.WaitForStopAsync(cancellationToken);
            }
            finally
            {
                SandboxManifest.Remove(root);
            }
        }));
        return command;
    }

    private static Command Token(CliContext context)
    {
        var sandbox = SandboxOption();
        var idNat = new Option<string>("--idnat") { Description = "IdNat of a test identity of the sandbox.", Required = true, HelpName = "ID" };
        var command = new Command("token", "Print a fresh access token for a test identity (CIBA, approved by the sandbox), and nothing else on stdout.") { sandbox, idNat };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var (manifest, client) = Connect(parseResult.GetRequiredValue(sandbox));
            using (client.Http)
            {
                var scripts = manifest.Psc.Clients.FirstOrDefault(c => c.ClientId == SandboxDirectory.ScriptsClientId)
                    ?? manifest.Psc.Clients.FirstOrDefault(c => c.Ciba)
                    ?? throw new UsageException("The sandbox has no client with CIBA enabled to get a token with.");
                await context.Out.WriteLineAsync(await client.Client.AccessTokenAsync(parseResult.GetRequiredValue(idNat), scripts.ClientId, scripts.Secret, cancellationToken));
            }
        }));
        return command;
    }

    private static Command Pending(CliContext context)
    {
        var sandbox = SandboxOption();
        var command = new Command("pending", "List the CIBA requests waiting for an answer: auth_req_id, IdNat, client, binding message, channel.") { sandbox };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var (_, client) = Connect(parseResult.GetRequiredValue(sandbox));
            using (client.Http)
            {
                using var state = await client.Client.StateAsync(cancellationToken);
                foreach (var request in state.RootElement.GetProperty("pendingCiba").EnumerateArray())
                {
                    await context.Out.WriteLineAsync(string.Join('\t', PendingColumns.Select(name => request.GetProperty(name).ToString())));
                }
            }
        }));
        return command;
    }

    private static Command Decide(CliContext context, bool approve)
    {
        var sandbox = SandboxOption();
        var id = new Argument<string>("auth_req_id") { Description = "The request, as 'psc pending' lists it." };
        var command = new Command(approve ? "approve" : "refuse", approve
            ? "Approve a pending CIBA request, as the professional would on the e-CPS app or the CPS card."
            : "Refuse a pending CIBA request, as the professional would.") { sandbox, id };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var (_, client) = Connect(parseResult.GetRequiredValue(sandbox));
            using (client.Http)
            {
                await client.Client.DecideAsync(parseResult.GetRequiredValue(id), approve, cancellationToken);
            }
        }));
        return command;
    }

    private static Command Failure(CliContext context)
    {
        var sandbox = SandboxOption();
        var mode = new Argument<FailureMode>("mode") { Description = "none, inactive (every token inactive), servererror (503) or slow (answers late)." };
        var command = new Command("failure", "Make the sandbox's introspection and userinfo fail on purpose, or stop failing.") { sandbox, mode };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var (_, client) = Connect(parseResult.GetRequiredValue(sandbox));
            using (client.Http)
            {
                await client.Client.SetFailureAsync(parseResult.GetRequiredValue(mode), cancellationToken);
            }
        }));
        return command;
    }

    private static Option<string> SandboxOption() =>
        new("--sandbox") { Description = "Directory of a running sandbox (where its sandbox.json is).", Required = true, HelpName = "DIR" };

    private static (SandboxManifest Manifest, (HttpClient Http, PscSandboxClient Client) Client) Connect(string directory)
    {
        var manifest = SandboxManifest.Read(directory);
        var http = new HttpClient(TrustAnchors.HttpHandler(manifest.Ca)) { Timeout = TimeSpan.FromSeconds(30) };
        return (manifest, (http, PscSandboxClient.ForIssuer(http, manifest.Psc.Issuer)));
    }

    private static TimeSpan? Seconds(int? value, string option) => value switch
    {
        null => null,
        > 0 => TimeSpan.FromSeconds(value.Value),
        _ => throw new UsageException($"{option} must be a positive number of seconds."),
    };
}
