using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenMss.Gateway;
using OpenMss.Operator.Hosting;
using OpenMss.Storage;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss gateway</c>: the LPS intermediate server (<c>serve</c>), and its sessions in the store (<c>sessions</c>,
/// <c>revoke</c>), which every gateway node on that store hears within a poll.
/// </summary>
internal static class GatewayCommands
{
    public const int DefaultPort = 10444;

    public static Command Create(CliContext context) =>
        new("gateway", "The LPS intermediate server: one PSC client for an editor's installations (docs/gateway.md).") { Serve(context), Sessions(context), Revoke(context) };

    private static Command Serve(CliContext context)
    {
        var command = new Command("serve", "Run the intermediate server in the foreground until SIGTERM or Ctrl-C; settings as --Gateway:Key=value or OPENMSS_Gateway__Key.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var overrides = parseResult.UnmatchedTokens.ToArray();
            if (overrides.FirstOrDefault(t => !t.StartsWith("--", StringComparison.Ordinal) || !t.Contains(':', StringComparison.Ordinal)) is { } stray)
            {
                throw new UsageException($"'{stray}' is neither an option of gateway serve nor a --Section:Key=value setting.");
            }

            var configuration = OperatorConfiguration.Load(overrides);
            var (options, listener) = Settings(configuration);
            await using var store = await StoreOptions.OpenAsync(parseResult, cancellationToken);
            await using var app = GatewayHost.Build(options, listener, store, context.Clock, logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
            await app.StartAsync(cancellationToken);
            await context.Out.WriteLineAsync($"OpenMSS gateway listening on https://{listener.Endpoint}/ for {options.PublicUrl}, PSC {options.Issuer}, client {options.ClientId}.");
            await app.WaitForShutdownAsync(CancellationToken.None);
        }));
        return command;
    }

    /// <summary>The gateway's settings, or one sentence naming what is missing.</summary>
    public static (GatewayOptions Options, GatewayListener Listener) Settings(IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway");
        var options = new GatewayOptions();
        section.Bind(options);
        foreach (var (name, value) in new[] { ("Issuer", options.Issuer), ("ClientId", options.ClientId), ("ClientSecret", options.ClientSecret), ("PublicUrl", options.PublicUrl), ("Certificate", section["Certificate"]), ("Key", section["Key"]) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new UsageException($"Gateway:{name} is not set (--Gateway:{name}=… or OPENMSS_Gateway__{name}); see docs/gateway.md.");
            }
        }

        if (!IPEndPoint.TryParse(section["Listen"] ?? $"127.0.0.1:{DefaultPort}", out var endpoint) || endpoint.Port == 0)
        {
            throw new UsageException($"Gateway:Listen '{section["Listen"]}' is not an address and port (e.g. 127.0.0.1:{DefaultPort}).");
        }

        var certificate = X509Certificate2.CreateFromPemFile(section["Certificate"]!, section["Key"]);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(section["Certificate"]!);
        chain.RemoveAt(0);
        return (options, new GatewayListener(endpoint, certificate, chain, section["KeyRing"] ?? Path.Combine(Directory.GetCurrentDirectory(), "gateway-keys")));
    }

    private static Command Sessions(CliContext context)
    {
        var json = Verb.JsonOption();
        var command = new Command("sessions", "List the live gateway sessions (no token, no handle).") { json };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var live = await store.GatewaySessions.ListLiveAsync(1000, cancellationToken);
            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(Json.Write(live.Select(s => new { s.Id, s.Installation, s.IdNat, s.CreatedAt, s.AccessExpiresAt, Refreshes = s.Version })));
                return;
            }

            foreach (var s in live)
            {
                await context.Out.WriteLineAsync($"{s.Id}  {s.IdNat}  {s.Installation}  since {s.CreatedAt:u}  {s.Version} refresh(es)");
            }
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var session = new Option<string?>("--session") { Description = "The session's id (from 'gateway sessions').", HelpName = "ID" };
        var idNat = new Option<string?>("--idnat") { Description = "Every session of this professional.", HelpName = "IDNAT" };
        var command = new Command("revoke", "End gateway sessions now: their installations are told at once and must sign in again.") { session, idNat };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (_, store) =>
        {
            var filter = (parseResult.GetValue(session), parseResult.GetValue(idNat)) switch
            {
                ({ } id, null) => new GatewaySessionFilter(Id: id),
                (null, { } who) => new GatewaySessionFilter(IdNat: who),
                _ => throw new UsageException("Give --session ID or --idnat IDNAT."),
            };
            var ended = await store.GatewaySessions.EndAsync(filter, "revoked", context.Clock.GetUtcNow(), cancellationToken);
            foreach (var session in ended)
            {
                await store.Audit.AppendAsync(new Storage.Model.AuditEvent(context.Clock.GetUtcNow(), GatewayAudit.Category, "end", "ended", Reason: "revoked", Actor: $"{CliContext.Actor}: installation {session.Installation}, professional {session.IdNat}, session {session.Id}"), cancellationToken);
            }

            await context.Out.WriteLineAsync($"{ended.Count} session(s) revoked.");
        }));
        return command;
    }
}
