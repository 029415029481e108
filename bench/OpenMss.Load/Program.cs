using System.CommandLine;
using System.Runtime.InteropServices;
using OpenMss.Load;
using OpenMss.Load.Scenarios;

// The load generator: `dotnet run -c Release --project bench/OpenMss.Load -- SCENARIO --server HOST:PORT ...`.
// Figures go to stdout as JSON, a one-line summary to stderr. Exit 0 when the run completed (errors are figures),
// 2 on bad usage.
var server = new Option<string>("--server") { Description = "Loopback address and port of the server, e.g. 127.0.0.1:10587.", Required = true };
var user = new Option<string>("--user") { Description = "The mailbox address to authenticate as.", Required = true };
var token = new Option<string?>("--token") { Description = "A bearer token for XOAUTH2." };
var tokenCommand = new Option<string?>("--token-command") { Description = "A shell command printing a bearer token; run again when the token is older than --token-lifetime." };
var tokenLifetime = new Option<int>("--token-lifetime") { Description = "Seconds a token from --token-command is reused.", DefaultValueFactory = _ => 60 };
var certificate = new Option<string?>("--cert") { Description = "Client certificate (PEM, with its intermediates) for the AUTH_CLI front; authenticates with PLAIN." };
var key = new Option<string?>("--key") { Description = "The client certificate's key (PEM)." };
var caFile = new Option<string?>("--cafile") { Description = "PEM trust anchor for the server's certificate (e.g. the sandbox's ca.pem)." };
var tlsName = new Option<string?>("--tls-name") { Description = "Name the server certificate must carry (default: the address)." };
var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 16 };
var count = new Option<long>("--count") { Description = "Operations in all (0: no limit but the duration).", DefaultValueFactory = _ => 0 };
var duration = new Option<int>("--duration") { Description = "Seconds the run lasts at most.", DefaultValueFactory = _ => 10 };
var timeout = new Option<int>("--timeout") { Description = "Seconds one network operation may take.", DefaultValueFactory = _ => 30 };
var serverPid = new Option<int?>("--server-pid") { Description = "Pid of the server process on this machine: its memory and CPU are sampled." };
var size = new Option<int>("--size") { Description = "Message size in bytes.", DefaultValueFactory = _ => 20_000 };
var to = new Option<string?>("--to") { Description = "Recipient (default: --user)." };
var acked = new Option<string?>("--acked") { Description = "File to append the Message-ID of every acknowledged message to." };
var mailbox = new Option<string>("--mailbox") { Description = "Mailbox to select.", DefaultValueFactory = _ => "INBOX" };
var sessions = new Option<int>("--sessions") { Description = "Idle sessions to open and hold.", DefaultValueFactory = _ => 1000 };
var settle = new Option<int>("--settle") { Description = "Seconds to wait after the idle sessions ended before reading what memory the server gave back.", DefaultValueFactory = _ => 10 };
var protocol = new Option<string>("--protocol") { Description = "imap or smtp.", DefaultValueFactory = _ => "imap" };
protocol.AcceptOnlyFromAmong("imap", "smtp");

using var stop = new CancellationTokenSource();
ServerSampler? currentSampler = null; // the running scenario's, for imap-idle which reads memory mid-run
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var root = new RootCommand("OpenMSS load generator: drives an IMAP/SMTP server over STARTTLS and prints figures as JSON.");
root.Subcommands.Add(Scenario("smtp-submit", "N clients each authenticate once, then send messages of --size bytes in a loop.", [size, to, acked],
    (settings, parse, recorder, budget) => SmtpSubmit.RunAsync(settings, parse.GetValue(to) ?? settings.Credentials.User, parse.GetValue(size), parse.GetValue(acked), recorder, budget, stop.Token).ContinueWith(_ => (IdleFigures?)null, TaskScheduler.Default)));
root.Subcommands.Add(Scenario("imap-read", "Cycles of authenticate, SELECT, FETCH flags and sizes of all, FETCH one message, LOGOUT.", [mailbox],
    (settings, parse, recorder, budget) => ImapRead.RunAsync(settings, parse.GetValue(mailbox)!, recorder, budget, stop.Token).ContinueWith(_ => (IdleFigures?)null, TaskScheduler.Default)));
root.Subcommands.Add(Scenario("auth", "Cycles of connect, STARTTLS, authenticate (timed), log out.", [protocol],
    (settings, parse, recorder, budget) => AuthCycle.RunAsync(settings, parse.GetValue(protocol) == "smtp", recorder, budget, stop.Token).ContinueWith(_ => (IdleFigures?)null, TaskScheduler.Default)));
root.Subcommands.Add(Scenario("imap-idle", "Open --sessions authenticated IDLE sessions, hold them for --duration, end them.", [mailbox, sessions, settle],
    async (settings, parse, recorder, budget) => (IdleFigures?)await ImapIdle.RunAsync(settings, parse.GetValue(mailbox)!, parse.GetValue(sessions), TimeSpan.FromSeconds(parse.GetValue(settle)), currentSampler, recorder, budget, stop.Token)));
var messages = new Option<int>("--messages") { Description = "Messages the folder is filled to.", DefaultValueFactory = _ => 10_000 };
var changed = new Option<int>("--changed") { Description = "Messages whose flags another session changes before the second resync.", DefaultValueFactory = _ => 10 };
var rounds = new Option<int>("--rounds") { Description = "Rounds of measures (the median is kept).", DefaultValueFactory = _ => 5 };
var resync = new Command("imap-resync", "Fill a folder, then compare a full FETCH 1:* (FLAGS) resync with QRESYNC ones, and time ESEARCH.")
{
    server, user, token, tokenCommand, tokenLifetime, certificate, key, caFile, tlsName, clients, count, duration, timeout, serverPid, mailbox, messages, changed, rounds,
};
resync.SetAction(async parse =>
{
    if (await SettingsOrUsageAsync(parse) is not { } settings)
    {
        return 2;
    }

    await settings.Credentials.InitialResponseAsync(stop.Token);
    return await ImapResync.RunAsync(settings, parse.GetValue(mailbox)!, parse.GetValue(messages), parse.GetValue(changed), parse.GetValue(rounds), stop.Token);
});
root.Subcommands.Add(resync);
return await root.Parse(args).InvokeAsync();

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

Command Scenario(string name, string description, Option[] extra, Func<LoadSettings, ParseResult, Recorder, Budget, Task<IdleFigures?>> run)
{
    var command = new Command(name, description) { server, user, token, tokenCommand, tokenLifetime, certificate, key, caFile, tlsName, clients, count, duration, timeout, serverPid };
    foreach (var option in extra)
    {
        command.Options.Add(option);
    }

    command.SetAction(async parse =>
    {
        if (await SettingsOrUsageAsync(parse) is not { } settings)
        {
            return 2;
        }

        await using var sampler = settings.ServerPid is { } pid ? new ServerSampler(pid) : null;
        currentSampler = sampler;
        await settings.Credentials.InitialResponseAsync(stop.Token); // a token command runs before the clock starts
        var recorder = new Recorder();
        var idle = await run(settings, parse, recorder, new Budget(settings.Count, settings.Duration, stop.Token));
        recorder.Stop();
        var report = Report.From(name, settings, recorder, sampler is null ? null : await sampler.FinishAsync(), idle);
        Console.WriteLine(report.ToJson());
        await Console.Error.WriteLineAsync(report.Summary());
        return 0;
    });
    return command;
}

// The settings, or null once the usage error is written (exit code 2).
async Task<LoadSettings?> SettingsOrUsageAsync(ParseResult parse)
{
    try
    {
        return Settings(parse);
    }
    catch (ArgumentException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return null;
    }
}

LoadSettings Settings(ParseResult parse)
{
    var (given, command, cert) = (parse.GetValue(token), parse.GetValue(tokenCommand), parse.GetValue(certificate));
    if ((given is null ? 0 : 1) + (command is null ? 0 : 1) + (cert is null ? 0 : 1) != 1)
    {
        throw new ArgumentException("Give exactly one of --token, --token-command or --cert.");
    }

    if (cert is not null && parse.GetValue(key) is null)
    {
        throw new ArgumentException("--cert needs --key.");
    }

    if (parse.GetValue(clients) < 1 || parse.GetValue(duration) < 1 || parse.GetValue(timeout) < 1)
    {
        throw new ArgumentException("--clients, --duration and --timeout must be at least 1.");
    }

    var endpoint = LoadSettings.ParseServer(parse.GetValue(server)!);
    var credentials = new Credentials(parse.GetValue(user)!, given, command, TimeSpan.FromSeconds(parse.GetValue(tokenLifetime)), cert, parse.GetValue(key), parse.GetValue(caFile));
    return new LoadSettings(
        endpoint,
        parse.GetValue(tlsName) ?? endpoint.Address.ToString(),
        credentials,
        parse.GetValue(clients),
        parse.GetValue(count),
        TimeSpan.FromSeconds(parse.GetValue(duration)),
        TimeSpan.FromSeconds(parse.GetValue(timeout)),
        parse.GetValue(serverPid));
}
