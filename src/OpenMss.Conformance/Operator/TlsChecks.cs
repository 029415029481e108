using System.Net;
using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Operator;

/// <summary>The operator's fronts from outside: STARTTLS required, nothing before it, old protocols and weak suites refused, injection ignored, a certificate clients can trust.</summary>
public static class TlsChecks
{
    private static readonly string[] OldProtocolFlags = ["-tls1", "-tls1_1"];

    public static OperatorCheck StartTlsRequired() => new(
        new("OP-TLS-01", "STARTTLS offered and no authentication offered before it", ["ECO.1.0.1", "ECO.1.0.2", "RFC 3501 §6.2", "RFC 4954 §4"], Severity.Blocking, CaseKind.Observed,
            "IMAP CAPABILITY and SMTP EHLO in clear: STARTTLS and LOGINDISABLED listed, no AUTH mechanism."),
        async (c, context, cancellationToken) =>
        {
            await using var imap = await ImapProbe.ConnectAsync("imap-clear", context.Target.Imap, context.Log, cancellationToken);
            var (lines, _) = await imap.CommandAsync("CAPABILITY", cancellationToken);
            var capabilities = string.Join(' ', lines.Where(l => l.StartsWith("* CAPABILITY", StringComparison.OrdinalIgnoreCase)).Append(imap.Greeting ?? "")).ToUpperInvariant().Split(' ', '[', ']');
            var (smtp, _) = await SmtpProbe.ConnectAsync("submission-clear", context.Target.Submission, context.Log, cancellationToken);
            await using (smtp)
            {
                var ehlo = await smtp.CommandAsync("EHLO conformance.invalid", cancellationToken);
                var problems = new List<string>();
                if (!capabilities.Contains("STARTTLS") || !capabilities.Contains("LOGINDISABLED"))
                {
                    problems.Add("IMAP does not list STARTTLS and LOGINDISABLED before TLS");
                }

                if (capabilities.Any(word => word.StartsWith("AUTH=", StringComparison.Ordinal)))
                {
                    problems.Add("IMAP offers AUTH= mechanisms before TLS");
                }

                if (ehlo is null || !ehlo.Has("STARTTLS"))
                {
                    problems.Add("SMTP does not offer STARTTLS");
                }

                if (ehlo?.Has("AUTH") == true)
                {
                    problems.Add("SMTP offers AUTH before TLS");
                }

                return problems.Count == 0
                    ? CaseResult.Passed(c, "Both fronts offer STARTTLS and no authentication in clear.", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp))
                    : CaseResult.Failed(c, string.Join("; ", problems) + ".", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp));
            }
        });

    public static OperatorCheck AuthenticationRefusedInClear() => new(
        new("OP-TLS-02", "Authentication refused before TLS", ["ECO.1.2.1", "RFC 3501 §6.2.2", "RFC 4954 §4"], Severity.Blocking, CaseKind.Observed,
            "AUTHENTICATE / AUTH XOAUTH2 in clear, with a dummy token: both fronts must refuse it."),
        async (c, context, cancellationToken) =>
        {
            // A dummy, never a real token: nothing secret crosses in clear, even to a faulty operator.
            var dummy = "not-a-token";
            await using var imap = await ImapProbe.ConnectAsync("imap-clear-auth", context.Target.Imap, context.Log, cancellationToken);
            var tagged = await OperatorContext.ImapXoauth2Async(imap, context.Target.Bal, dummy, cancellationToken);
            var (smtp, _) = await SmtpProbe.ConnectAsync("submission-clear-auth", context.Target.Submission, context.Log, cancellationToken);
            await using (smtp)
            {
                await smtp.CommandAsync("EHLO conformance.invalid", cancellationToken);
                var reply = await smtp.CommandAsync($"AUTH XOAUTH2 {OperatorContext.Xoauth2(context.Target.Bal, dummy)}", cancellationToken);
                if (reply?.Code == 334)
                {
                    reply = await smtp.CommandAsync("", cancellationToken);
                }

                var problems = new List<string>();
                if (tagged is not null && (ImapProbe.IsOk(tagged) || tagged.Contains(" OK", StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add("IMAP accepted an authentication in clear");
                }

                if (reply is not null && reply.Code is >= 200 and < 400)
                {
                    problems.Add($"SMTP answered {reply} to an authentication in clear");
                }

                return problems.Count == 0
                    ? CaseResult.Passed(c, $"Refused in clear: IMAP {tagged ?? "closed the connection"}; SMTP {reply?.ToString() ?? "closed the connection"}.", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp))
                    : CaseResult.Failed(c, string.Join("; ", problems) + ".", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp));
            }
        });

    public static OperatorCheck OldProtocolsRefused() => new(
        new("OP-TLS-03", "TLS 1.0 and 1.1 refused on every front", ["ECO.1.1.1", "SC.MSS/CONF.01"], Severity.Blocking, CaseKind.Observed,
            "A client offering only TLS 1.0, then only TLS 1.1 (openssl s_client at security level 0), on each front: no handshake may complete."),
        async (c, context, cancellationToken) =>
        {
            var evidence = new List<Evidence>();
            foreach (var (name, endpoint, starttls) in Fronts(context.Target))
            {
                foreach (var flag in OldProtocolFlags)
                {
                    var handshake = await OpenSslClient.TryAsync(endpoint, starttls, flag, "DEFAULT:@SECLEVEL=0", cancellationToken);
                    evidence.Add(new Evidence($"{name} {flag}", handshake.Output));
                    if (handshake.Completed)
                    {
                        return CaseResult.Failed(c, $"{name} completed a handshake in {handshake.Protocol} ({handshake.Cipher}).", evidence[^1]);
                    }
                }
            }

            return CaseResult.Passed(c, $"No handshake in TLS 1.0 or 1.1 on {evidence.Count / 2} front(s).", [.. evidence.Take(2)]);
        });

    public static OperatorCheck WeakSuitesRefused() => new(
        new("OP-TLS-04", "Weak cipher suites refused, a strong one negotiated", ["ECO.1.1.3", "SC.MSS/CONF.03"], Severity.Critical, CaseKind.Observed,
            "TLS 1.2 offering only suites without forward secrecy or AEAD (RSA key exchange, CBC, 3DES, RC4, NULL, anonymous): refused; offering ECDHE with AES-GCM: accepted."),
        async (c, context, cancellationToken) =>
        {
            const string Weak = "AES128-SHA:AES256-SHA:AES128-SHA256:AES128-GCM-SHA256:DES-CBC3-SHA:RC4-SHA:NULL-SHA:ADH-AES128-SHA:ECDHE-RSA-AES128-SHA:@SECLEVEL=0";
            var evidence = new List<Evidence>();
            foreach (var (name, endpoint, starttls) in Fronts(context.Target))
            {
                var weak = await OpenSslClient.TryAsync(endpoint, starttls, "-tls1_2", Weak, cancellationToken);
                evidence.Add(new Evidence($"{name} weak suites", weak.Output));
                if (weak.Completed)
                {
                    return CaseResult.Failed(c, $"{name} accepted {weak.Cipher} in {weak.Protocol}.", evidence[^1]);
                }

                var strong = await OpenSslClient.TryAsync(endpoint, starttls, "-tls1_2", "ECDHE+AESGCM", cancellationToken);
                evidence.Add(new Evidence($"{name} ECDHE-AESGCM", strong.Output));
                if (!strong.Completed)
                {
                    return CaseResult.Failed(c, $"{name} refused even ECDHE with AES-GCM in TLS 1.2.", evidence[^1]);
                }
            }

            return CaseResult.Passed(c, "Weak suites refused on every front; ECDHE with AES-GCM accepted.", [.. evidence.Take(2)]);
        });

    public static OperatorCheck InjectionIgnored() => new(
        new("OP-TLS-05", "Commands pipelined behind STARTTLS are not run inside TLS", ["RFC 3207 §4.2", "RFC 3501 §6.2.1", "CVE-2011-0411"], Severity.Blocking, CaseKind.Observed,
            "STARTTLS and another command in one write, in clear: after the handshake the server must not answer that command."),
        async (c, context, cancellationToken) =>
        {
            await using var imap = await ImapProbe.ConnectAsync("imap-injection", context.Target.Imap, context.Log, cancellationToken);
            await imap.SendRawAsync("i1 STARTTLS\r\ni2 CAPABILITY\r\n", cancellationToken);
            var imapProblem = await AfterInjectionAsync(context, imap, "i1 ", async () =>
            {
                var (lines, _) = await imap.CommandAsync("NOOP", cancellationToken);
                return lines.Any(l => l.StartsWith("i2 ", StringComparison.Ordinal) || l.StartsWith("* CAPABILITY", StringComparison.OrdinalIgnoreCase)) ? "IMAP ran the CAPABILITY sent in clear behind STARTTLS" : null;
            }, cancellationToken);
            var (smtp, _) = await SmtpProbe.ConnectAsync("submission-injection", context.Target.Submission, context.Log, cancellationToken);
            await using (smtp)
            {
                await smtp.CommandAsync("EHLO conformance.invalid", cancellationToken);
                await smtp.SendRawAsync("STARTTLS\r\nRSET\r\n", cancellationToken);
                var smtpProblem = await AfterInjectionAsync(context, smtp, "220", async () =>
                {
                    var reply = await smtp.CommandAsync("NOOP", cancellationToken);
                    var next = reply is null ? null : await smtp.ReplyAsync(cancellationToken, TimeSpan.FromSeconds(2));
                    return next is not null ? "SMTP answered the RSET sent in clear behind STARTTLS" : null;
                }, cancellationToken);
                var problem = imapProblem ?? smtpProblem;
                return problem is null
                    ? CaseResult.Passed(c, "Neither front ran what was pipelined behind STARTTLS.", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp))
                    : CaseResult.Failed(c, problem + ".", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp));
            }
        });

    public static OperatorCheck ServerCertificate() => new(
        new("OP-TLS-06", "Server certificate trusted: chains to the CA given and names the host", ["ECO.1.1.5", "ECO.1.1.10", "SC.MSS/CONF.27"], Severity.Blocking, CaseKind.Observed,
            "STARTTLS on each front: the certificate must chain to the roots given with --ca (IGC Santé) and name the host connected to."),
        async (c, context, cancellationToken) =>
        {
            var evidence = new List<Evidence>();
            foreach (var (name, endpoint, starttls) in Fronts(context.Target))
            {
                await using Probe probe = starttls == "imap" ? await context.ImapAsync($"{name}-certificate", endpoint, cancellationToken) : await context.SmtpAsync($"{name}-certificate", endpoint, cancellationToken);
                evidence.Add(OperatorContext.Evidence(probe, 8));
                if (probe.Session.Tls is null)
                {
                    return CaseResult.Failed(c, $"{name}: no TLS session could be set up.", evidence[^1]);
                }

                if (probe.CertificateProblem is { } problem)
                {
                    return CaseResult.Failed(c, $"{name}: the certificate is not trusted: {problem}.", evidence[^1]);
                }
            }

            return CaseResult.Passed(c, $"The certificates of {evidence.Count} front(s) chain to the CA given and name their host.", [.. evidence.Take(2)]);
        });

    /// <summary>The fronts given: PSC ones always, AUTH_CLI ones when named.</summary>
    public static IEnumerable<(string Name, DnsEndPoint Endpoint, string StartTls)> Fronts(OperatorTarget target)
    {
        yield return ("imap-psc", target.Imap, "imap");
        yield return ("submission-psc", target.Submission, "smtp");
        if (target.ImapAuthCli is { } imap)
        {
            yield return ("imap-authcli", imap, "imap");
        }

        if (target.SubmissionAuthCli is { } submission)
        {
            yield return ("submission-authcli", submission, "smtp");
        }
    }

    /// <summary>After STARTTLS was sent with something behind it: a server that closes or refuses is fine; one that goes on is probed inside TLS.</summary>
    private static async Task<string?> AfterInjectionAsync(OperatorContext context, Probe probe, string positive, Func<Task<string?>> inside, CancellationToken cancellationToken)
    {
        var answer = await probe.ReadLineAsync(cancellationToken);
        if (answer is null || !answer.StartsWith(positive, StringComparison.Ordinal) || (positive == "i1 " && !ImapProbe.IsOk(answer)))
        {
            return null;
        }

        return await probe.UpgradeAsync(context.Target.Roots, null, null, System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13, cancellationToken)
            ? await inside()
            : null;
    }
}
