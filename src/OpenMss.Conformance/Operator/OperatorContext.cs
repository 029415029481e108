using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Text;
using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;
using OpenMss.Conformance.Relay;

namespace OpenMss.Conformance.Operator;

/// <summary>What the operator checks share: the target, the sessions they record, and the moves every check makes (a session in TLS, an authentication, a token).</summary>
public sealed class OperatorContext(OperatorTarget target, ObservationLog log)
{
    public OperatorTarget Target { get; } = target;

    public ObservationLog Log { get; } = log;

    public TimeProvider Clock => Log.Clock;

    /// <summary>A token obtained at the start of the run and never used, kept for the expiry check.</summary>
    public string? UnusedToken { get; set; }

    public static string Xoauth2(string bal, string token) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"user={bal}\u0001auth=Bearer {token}\u0001\u0001"));

    public static string Shown(string bal, string token) => $"<XOAUTH2 user={bal}^Aauth=Bearer <token {SaslPayloads.Fingerprint(token)}>^A^A>";

    /// <summary>Runs a token command (a PSC token on its standard output); with <paramref name="input"/> on its standard input.</summary>
    public static async Task<string> RunCommandAsync(string command, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{command}' could not be started.");
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"'{command}' failed with exit code {process.ExitCode}: {(await error).Trim()}");
    }

    public Task<string> TokenAsync(CancellationToken cancellationToken) => RunCommandAsync(Target.TokenCommand, null, cancellationToken);

    /// <summary>An IMAP session on <paramref name="endpoint"/> in TLS (null when STARTTLS or the handshake failed; the probe says why).</summary>
    public async Task<ImapProbe> ImapAsync(string name, DnsEndPoint endpoint, CancellationToken cancellationToken, (System.Security.Cryptography.X509Certificates.X509Certificate2, System.Security.Cryptography.X509Certificates.X509Certificate2Collection)? certificate = null)
    {
        var probe = await ImapProbe.ConnectAsync(name, endpoint, Log, cancellationToken);
        var (_, tagged) = await probe.CommandAsync("STARTTLS", cancellationToken);
        if (ImapProbe.IsOk(tagged))
        {
            await probe.UpgradeAsync(Target.Roots, certificate?.Item1, certificate?.Item2, SslProtocols.Tls12 | SslProtocols.Tls13, cancellationToken);
        }

        return probe;
    }

    public async Task<SmtpProbe> SmtpAsync(string name, DnsEndPoint endpoint, CancellationToken cancellationToken, (System.Security.Cryptography.X509Certificates.X509Certificate2, System.Security.Cryptography.X509Certificates.X509Certificate2Collection)? certificate = null)
    {
        var (probe, _) = await SmtpProbe.ConnectAsync(name, endpoint, Log, cancellationToken);
        await probe.CommandAsync("EHLO conformance.invalid", cancellationToken);
        if ((await probe.CommandAsync("STARTTLS", cancellationToken))?.Code == 220
            && await probe.UpgradeAsync(Target.Roots, certificate?.Item1, certificate?.Item2, SslProtocols.Tls12 | SslProtocols.Tls13, cancellationToken))
        {
            await probe.CommandAsync("EHLO conformance.invalid", cancellationToken);
        }

        return probe;
    }

    /// <summary>AUTHENTICATE XOAUTH2 with an initial response; an error challenge is answered with an empty line. The tagged answer.</summary>
    public static async Task<string?> ImapXoauth2Async(ImapProbe probe, string bal, string token, CancellationToken cancellationToken) =>
        (await probe.CommandAsync($"AUTHENTICATE XOAUTH2 {Xoauth2(bal, token)}", cancellationToken, $"AUTHENTICATE XOAUTH2 {Shown(bal, token)}")).Tagged;

    public static async Task<SmtpProbe.Reply?> SmtpXoauth2Async(SmtpProbe probe, string bal, string token, CancellationToken cancellationToken)
    {
        var reply = await probe.CommandAsync($"AUTH XOAUTH2 {Xoauth2(bal, token)}", cancellationToken, $"AUTH XOAUTH2 {Shown(bal, token)}");
        return reply?.Code == 334 ? await probe.CommandAsync("", cancellationToken) : reply;
    }

    /// <summary>Judges a refusal by its codes: IMAP NO with an RFC 5530 code a client can act on, SMTP 535 5.7.x (RFC 4954). A front that gave no answer is a problem too.</summary>
    public static string? RefusalProblem(string? imapTagged, SmtpProbe.Reply? smtp, bool smtpTried = true)
    {
        if (imapTagged is null)
        {
            return "IMAP gave no answer to the authentication";
        }

        if (smtpTried && smtp is null)
        {
            return "SMTP gave no answer to the authentication";
        }

        if (ImapProbe.IsOk(imapTagged))
        {
            return "IMAP accepted it";
        }

        if (ImapProbe.Code(imapTagged) is not ("AUTHENTICATIONFAILED" or "AUTHORIZATIONFAILED" or "EXPIRED"))
        {
            return $"IMAP refused it without an RFC 5530 code a client can act on: {imapTagged}";
        }

        if (smtp is not null)
        {
            if (smtp.Code == 235)
            {
                return "SMTP accepted it";
            }

            if (smtp.Code != 535 || !smtp.Enhanced.StartsWith("5.7.", StringComparison.Ordinal))
            {
                return $"SMTP refused it with {smtp}, not 535 5.7.8 (RFC 4954)";
            }
        }

        return null;
    }

    public static Evidence Evidence(Probe probe, int maxLines = 16) => new(probe.Session.Name, probe.Session.Excerpt(maxLines: maxLines));
}
