using System.CommandLine;
using System.Diagnostics;
using System.Net;
using OpenMss.Lps;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Gateway;

namespace OpenMss.Cli.Lps;

/// <summary>
/// The options every <c>openmss lps</c> verb shares (DESIGN.md §5) and how they become an SDK client and mailbox:
/// <c>--token-command</c> (PER/ORG) or <c>--cert</c>/<c>--key</c> (APP), <c>--ca</c>, and <c>--dns</c> or explicit
/// <c>--imap</c>/<c>--submission</c>. Nothing here speaks a protocol: the SDK does.
/// </summary>
internal sealed class LpsConnection
{
    public Option<string?> TokenCommand { get; } = new("--token-command") { Description = "Command printing a PSC access token on stdout (BAL PER/ORG); run again when the operator refuses one.", HelpName = "CMD" };

    public Option<FileInfo?> Certificate { get; } = new("--cert") { Description = "ORG AUTH_CLI certificate, PEM (BAL APP).", HelpName = "FILE" };

    public Option<FileInfo?> Key { get; } = new("--key") { Description = "Its private key, PEM.", HelpName = "FILE" };

    public Option<FileInfo?> Ca { get; } = new("--ca") { Description = "PEM roots to trust for operator certificates (the IGC Santé roots, a sandbox's ca.pem). Required.", HelpName = "FILE" };

    public Option<FileInfo?> GatewaySession { get; } = new("--gateway-session") { Description = "Session file written by 'openmss lps login' (BAL PER/ORG through the intermediate server).", HelpName = "FILE" };

    public Option<FileInfo?> GatewayCa { get; } = new("--gateway-ca") { Description = "PEM roots to trust for the intermediate server's HTTPS (default: the system's; a sandbox's ca.pem).", HelpName = "FILE" };

    public Option<string?> Dns { get; } = new("--dns") { Description = "DNS server for SRV autoconfiguration (default: the system's).", HelpName = "HOST:PORT" };

    public Option<string?> Imap { get; } = new("--imap") { Description = "IMAP front, instead of autoconfiguration.", HelpName = "HOST:PORT" };

    public Option<string?> Submission { get; } = new("--submission") { Description = "Submission front, instead of autoconfiguration.", HelpName = "HOST:PORT" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { TokenCommand, GatewaySession, GatewayCa, Certificate, Key, Ca, Dns, Imap, Submission })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The client for these options; <paramref name="nil"/> is the product reference (send only).</summary>
    public MssClient Client(ParseResult parseResult, string? nil)
    {
        var options = new MssClientOptions { Nil = nil, DnsServer = DnsServer(parseResult.GetValue(Dns)) };
        var ca = parseResult.GetValue(Ca) ?? throw new UsageException("--ca FILE is required: the roots operator certificates must chain to (the system store is never used).");
        if (!ca.Exists)
        {
            throw new UsageException($"There is no file {ca.FullName}.");
        }

        try
        {
            options.Trust.AddRootsFromPem(ca.FullName);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"{ca.FullName} holds no PEM certificate.");
        }

        return new MssClient(options);
    }

    /// <summary>The mailbox of <paramref name="address"/>, by certificate (APP) or by token command (PER/ORG).</summary>
    public MssMailbox Mailbox(MssClient client, ParseResult parseResult, string address)
    {
        var command = parseResult.GetValue(TokenCommand);
        var gatewaySession = parseResult.GetValue(GatewaySession);
        var certificate = parseResult.GetValue(Certificate);
        var key = parseResult.GetValue(Key);
        if (new object?[] { command, gatewaySession, certificate }.Count(o => o is not null) != 1)
        {
            throw new UsageException("Give one of --token-command or --gateway-session (BAL PER/ORG), or --cert and --key (BAL APP).");
        }

        var endpoints = Endpoints(parseResult);
        if (certificate is not null)
        {
            if (key is null)
            {
                throw new UsageException("--cert needs --key.");
            }

            AuthCliCredential credential;
            try
            {
                credential = AuthCliCredential.FromPemFiles(certificate.FullName, key.FullName);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new UsageException($"The certificate {certificate.FullName} with key {key.FullName} cannot be loaded: {e.Message}");
            }

            return client.OpenApp(address, credential, endpoints);
        }

        if (gatewaySession is not null)
        {
            var session = gatewaySession.Exists ? MssGatewaySession.Load(gatewaySession.FullName) : throw new UsageException($"There is no file {gatewaySession.FullName}.");
            var gateway = Gateway(parseResult, session.Gateway);
            return client.OpenPsc(address, BalType.Per, gateway.TokenSource(session), endpoints);
        }

        return client.OpenPsc(address, BalType.Per, PscTokenSource.Create((_, cancellationToken) => RunTokenCommandAsync(command!, cancellationToken)), endpoints);
    }

    /// <summary>The intermediate server's client, trusting --gateway-ca when given, else the system's roots.</summary>
    public MssGateway Gateway(ParseResult parseResult, Uri address)
    {
        if (parseResult.GetValue(GatewayCa) is not { } ca)
        {
            return new MssGateway(address);
        }

        var trust = new OpenMss.Lps.Trust.MssTrustOptions();
        try
        {
            trust.AddRootsFromPem(ca.FullName);
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            throw new UsageException($"{ca.FullName} holds no PEM certificate.");
        }

        return new MssGateway(address, trust);
    }

    private MssEndpoints? Endpoints(ParseResult parseResult)
    {
        var (imap, submission) = (parseResult.GetValue(Imap), parseResult.GetValue(Submission));
        if (imap is null && submission is null)
        {
            return null;
        }

        try
        {
            // One explicit front is enough for the verb at hand; the other is left unconfigured rather than guessed.
            return new MssEndpoints(imap is null ? [] : [ServiceEndpoint.Parse(imap)], submission is null ? [] : [ServiceEndpoint.Parse(submission)]);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The --dns option: an IP and port, or null for the system's resolver.</summary>
    public static IPEndPoint? DnsServer(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var endpoint = ServiceEndpoint.Parse(text);
            return new IPEndPoint(IPAddress.Parse(endpoint.Host), endpoint.Port);
        }
        catch (FormatException)
        {
            throw new UsageException($"--dns {text} is not IP:PORT.");
        }
    }

    /// <summary>Runs the token command; its output is the token, kept in memory only (ECO.1.2.5).</summary>
    private static async Task<PscAccessToken> RunTokenCommandAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new UsageException($"--token-command could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var token = (await output).Trim();
        if (process.ExitCode != 0 || token.Length == 0 || token.Contains('\n', StringComparison.Ordinal))
        {
            var reason = (await error).Trim().Split('\n').LastOrDefault() ?? "";
            throw new MssPscSessionEndedException($"The token command gave no token (exit {process.ExitCode}{(reason.Length > 0 ? ": " + reason : "")}).");
        }

        return PscAccessToken.FromJwt(token, DateTimeOffset.UtcNow.AddMinutes(2));
    }
}
