using OpenMss.Conformance.Model;
using OpenMss.Conformance.Relay;

namespace OpenMss.Conformance.Operator;

/// <summary>Token and certificate validity at the operator (MSSANTE.md §3.5, §3.6): the right credential opens the BAL, every wrong one is refused with a code the client can act on.</summary>
public static class AuthenticationChecks
{
    public static OperatorCheck ValidTokenAccepted() => new(
        new("OP-AUTH-01", "A valid PSC token of the BAL's holder is accepted", ["ECO.1.2.1", "MSSANTE §3.5"], Severity.Blocking, CaseKind.Observed,
            "A fresh token from --token-command, in XOAUTH2 inside TLS, on IMAP and on submission."),
        async (c, context, cancellationToken) =>
        {
            var token = await context.TokenAsync(cancellationToken);
            await using var imap = await context.ImapAsync("imap-valid-token", context.Target.Imap, cancellationToken);
            var tagged = await OperatorContext.ImapXoauth2Async(imap, context.Target.Bal, token, cancellationToken);
            await using var smtp = await context.SmtpAsync("submission-valid-token", context.Target.Submission, cancellationToken);
            var reply = await OperatorContext.SmtpXoauth2Async(smtp, context.Target.Bal, token, cancellationToken);
            return ImapProbe.IsOk(tagged) && reply?.Code == 235
                ? CaseResult.Passed(c, "The token opened the BAL on both fronts.", OperatorContext.Evidence(imap, 10), OperatorContext.Evidence(smtp, 10))
                : CaseResult.Failed(c, $"A valid token was refused: IMAP {tagged ?? "no answer"}; SMTP {reply?.ToString() ?? "no answer"}.", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp));
        });

    public static OperatorCheck OtherProfessionalRefused() => Refused(
        new("OP-AUTH-02", "A valid token of another professional is refused", ["MSSANTE §3.5", "RFC 5530", "RFC 4954"], Severity.Blocking, CaseKind.Observed,
            "A token from --other-token-command (a professional not allowed on the BAL): refused with AUTHORIZATIONFAILED or AUTHENTICATIONFAILED, 535 5.7.8."),
        async (context, cancellationToken) => context.Target.OtherTokenCommand is { } command ? await OperatorContext.RunCommandAsync(command, null, cancellationToken) : null,
        "no --other-token-command given");

    public static OperatorCheck ForeignIssuerRefused() => Refused(
        new("OP-AUTH-03", "A token from another issuer is refused", ["MSSANTE §3.5", "RFC 5530", "RFC 4954"], Severity.Blocking, CaseKind.Observed,
            "A JWT for the same professional, issued and signed by the tool: refused."),
        async (context, cancellationToken) =>
        {
            var valid = await context.TokenAsync(cancellationToken);
            var subject = SaslPayloads.Xoauth2(OperatorContext.Xoauth2(context.Target.Bal, valid))?.TokenSubject ?? "810001234567";
            return ForeignToken.Mint(subject, context.Clock.GetUtcNow());
        },
        "");

    public static OperatorCheck ExpiredRefused() => new(
        new("OP-AUTH-04", "An expired token is refused", ["MSSANTE §3.3", "RFC 5530", "RFC 4954"], Severity.Blocking, CaseKind.Observed,
            "A token taken at the start of the run and never used, tried once its exp (and 30 s of clock skew) has passed: refused."),
        async (c, context, cancellationToken) =>
        {
            var token = context.UnusedToken ??= await context.TokenAsync(cancellationToken);
            if (SaslPayloads.Xoauth2(OperatorContext.Xoauth2(context.Target.Bal, token))?.TokenExpires is not { } expires)
            {
                return CaseResult.NotRun(c, "The token is not a JWT with exp: its expiry cannot be known from outside.");
            }

            var wait = expires + TimeSpan.FromSeconds(35) - context.Clock.GetUtcNow();
            if (wait > context.Target.MaximalWait)
            {
                return CaseResult.NotRun(c, $"The token expires in {wait.TotalSeconds:0} s, more than the {context.Target.MaximalWait.TotalSeconds:0} s allowed (--max-wait).");
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.Clock, cancellationToken);
            }

            return await TryRefusedAsync(c, context, "expired", token, cancellationToken);
        });

    public static OperatorCheck RevokedRefused() => new(
        new("OP-AUTH-05", "A revoked token is refused soon after the PSC logout", ["ECO.1.2.6", "MSSANTE §3.5"], Severity.Critical, CaseKind.Observed,
            "A token is used once (so any cache holds it), then its PSC session is ended with --revoke-command: it must be refused within --revocation-window."),
        async (c, context, cancellationToken) =>
        {
            if (context.Target.RevokeCommand is not { } revoke)
            {
                return CaseResult.NotRun(c, "No --revoke-command given.");
            }

            var token = await context.TokenAsync(cancellationToken);
            await using (var first = await context.ImapAsync("imap-before-revocation", context.Target.Imap, cancellationToken))
            {
                if (!ImapProbe.IsOk(await OperatorContext.ImapXoauth2Async(first, context.Target.Bal, token, cancellationToken)))
                {
                    return CaseResult.NotRun(c, "The token was refused before it was revoked.", OperatorContext.Evidence(first));
                }
            }

            await OperatorContext.RunCommandAsync(revoke, token, cancellationToken);
            var revoked = context.Clock.GetUtcNow();
            while (true)
            {
                await using var probe = await context.ImapAsync("imap-after-revocation", context.Target.Imap, cancellationToken);
                var tagged = await OperatorContext.ImapXoauth2Async(probe, context.Target.Bal, token, cancellationToken);
                var elapsed = context.Clock.GetUtcNow() - revoked;
                if (!ImapProbe.IsOk(tagged))
                {
                    return OperatorContext.RefusalProblem(tagged, null, smtpTried: false) is { } problem
                        ? CaseResult.Failed(c, problem + ".", OperatorContext.Evidence(probe))
                        : CaseResult.Passed(c, $"Refused {elapsed.TotalSeconds:0.0} s after the logout.", OperatorContext.Evidence(probe));
                }

                if (elapsed > context.Target.RevocationWindow)
                {
                    return CaseResult.Failed(c, $"Still accepted {elapsed.TotalSeconds:0} s after the PSC logout: the operator's validation outlives revocation.", OperatorContext.Evidence(probe));
                }

                await Task.Delay(TimeSpan.FromSeconds(2), context.Clock, cancellationToken);
            }
        });

    public static OperatorCheck AuthCli() => new(
        new("OP-APP-01", "AUTH_CLI: the structure's certificate opens its BAL APP, no other does", ["SC.MSS/CONF.12", "MSSANTE §3.6"], Severity.Blocking, CaseKind.Observed,
            "PLAIN with the BAL APP's address inside TLS: with --cert accepted; without a certificate, and with --other-cert (another structure), refused."),
        async (c, context, cancellationToken) =>
        {
            var target = context.Target;
            if (target.ImapAuthCli is not { } front || target.AppBal is not { } bal || target.Certificate is not { } own)
            {
                return CaseResult.NotRun(c, "No --imap-authcli, --app-bal and --cert given.");
            }

            var plain = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"\0{bal}\0"));
            async Task<(string? Tagged, ImapProbe Probe)> Try(string name, (System.Security.Cryptography.X509Certificates.X509Certificate2, System.Security.Cryptography.X509Certificates.X509Certificate2Collection)? certificate)
            {
                var probe = await context.ImapAsync(name, front, cancellationToken, certificate);
                return ((await probe.CommandAsync($"AUTHENTICATE PLAIN {plain}", cancellationToken)).Tagged, probe);
            }

            var (accepted, withCertificate) = await Try("imap-authcli-certificate", own);
            var (anonymous, without) = await Try("imap-authcli-no-certificate", null);
            var other = target.OtherCertificate is { } foreign ? await Try("imap-authcli-other-structure", foreign) : ((string?)null, (ImapProbe?)null);
            await using (withCertificate)
            await using (without)
            {
                var evidence = new List<Evidence> { OperatorContext.Evidence(withCertificate, 10), OperatorContext.Evidence(without, 10) };
                if (other.Item2 is { } otherProbe)
                {
                    evidence.Add(OperatorContext.Evidence(otherProbe, 10));
                    await otherProbe.DisposeAsync();
                }

                if (!ImapProbe.IsOk(accepted))
                {
                    return CaseResult.Failed(c, $"The structure's certificate did not open {bal}: {accepted}.", [.. evidence]);
                }

                if (ImapProbe.IsOk(anonymous))
                {
                    return CaseResult.Failed(c, $"{bal} was opened without any certificate.", [.. evidence]);
                }

                if (target.OtherCertificate is null)
                {
                    return CaseResult.NotRun(c, "No --other-cert given: the certificate of another structure was not tried.", [.. evidence]);
                }

                return ImapProbe.IsOk(other.Item1)
                    ? CaseResult.Failed(c, $"A certificate of another structure opened {bal}.", [.. evidence])
                    : CaseResult.Passed(c, "Only the structure's certificate opened the BAL APP.", [.. evidence]);
            }
        });

    public static OperatorCheck SessionLifetime() => new(
        new("OP-SES-01", "A session ends at its lifetime with a code the client can act on", ["ECO.1.2.7", "MSSANTE §13 #2"], Severity.Minor, CaseKind.Observed,
            "An IMAP session kept alive with NOOP past its token's expiry: when the operator ends it, it says why (* BYE [EXPIRED] or another RFC 5530 code)."),
        async (c, context, cancellationToken) =>
        {
            var token = await context.TokenAsync(cancellationToken);
            await using var probe = await context.ImapAsync("imap-lifetime", context.Target.Imap, cancellationToken);
            if (!ImapProbe.IsOk(await OperatorContext.ImapXoauth2Async(probe, context.Target.Bal, token, cancellationToken)))
            {
                return CaseResult.NotRun(c, "The token was refused.", OperatorContext.Evidence(probe));
            }

            var started = context.Clock.GetUtcNow();
            while (context.Clock.GetUtcNow() - started < context.Target.MaximalWait)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), context.Clock, cancellationToken);
                var (lines, tagged) = await probe.CommandAsync("NOOP", cancellationToken);
                var bye = lines.FirstOrDefault(l => l.StartsWith("* BYE", StringComparison.OrdinalIgnoreCase));
                if (bye is null && tagged is not null)
                {
                    continue;
                }

                var code = ImapProbe.Code(bye ?? tagged);
                return code is not null
                    ? CaseResult.Passed(c, $"Ended after {(context.Clock.GetUtcNow() - started).TotalSeconds:0} s with [{code}].", OperatorContext.Evidence(probe))
                    : CaseResult.Failed(c, "The session was ended without a response code saying why.", OperatorContext.Evidence(probe));
            }

            return CaseResult.NotRun(c, $"The session was still open after {context.Target.MaximalWait.TotalSeconds:0} s (--max-wait).", OperatorContext.Evidence(probe));
        });

    /// <summary>A check that a token (from <paramref name="token"/>, or not run with <paramref name="missing"/>) is refused on both fronts.</summary>
    private static OperatorCheck Refused(ConformanceCase definition, Func<OperatorContext, CancellationToken, Task<string?>> token, string missing) => new(
        definition,
        async (c, context, cancellationToken) => await token(context, cancellationToken) is { } value
            ? await TryRefusedAsync(c, context, c.Id.ToLowerInvariant(), value, cancellationToken)
            : CaseResult.NotRun(c, $"Not run: {missing}."));

    private static async Task<CaseResult> TryRefusedAsync(ConformanceCase c, OperatorContext context, string name, string token, CancellationToken cancellationToken)
    {
        await using var imap = await context.ImapAsync($"imap-{name}", context.Target.Imap, cancellationToken);
        var tagged = await OperatorContext.ImapXoauth2Async(imap, context.Target.Bal, token, cancellationToken);
        await using var smtp = await context.SmtpAsync($"submission-{name}", context.Target.Submission, cancellationToken);
        var reply = await OperatorContext.SmtpXoauth2Async(smtp, context.Target.Bal, token, cancellationToken);
        return OperatorContext.RefusalProblem(tagged, reply) is { } problem
            ? CaseResult.Failed(c, problem + ".", OperatorContext.Evidence(imap), OperatorContext.Evidence(smtp))
            : CaseResult.Passed(c, $"Refused: IMAP {tagged}; SMTP {reply}.", OperatorContext.Evidence(imap, 10), OperatorContext.Evidence(smtp, 10));
    }
}
