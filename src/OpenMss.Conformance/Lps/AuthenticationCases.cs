using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;
using OpenMss.Pki;

namespace OpenMss.Conformance.Lps;

/// <summary>Cases on authentication: the XOAUTH2 string and token (PER/ORG), the AUTH_CLI certificate and PLAIN login (APP).</summary>
public static class AuthenticationCases
{
    /// <summary>Every listener that relays to a PSC front in this run (the reference one and the case listeners of a PER/ORG run).</summary>
    private static readonly string[] AllListeners =
    [
        ListenerNames.ImapPsc, ListenerNames.SubmissionPsc, ListenerNames.ImapAuthCli, ListenerNames.SubmissionAuthCli, ListenerNames.RefusesAuthentication,
        ListenerNames.Unavailable, ListenerNames.EndsSession, ListenerNames.ExpiredCertificate, ListenerNames.RevokedCertificate, ListenerNames.ForeignCa, ListenerNames.WrongName,
    ];

    public static JudgedCase<LpsObservations> Xoauth2Format() => new(
        new(CaseIds.Xoauth2Format, "XOAUTH2 string exactly as MSSanté writes it", ["ECO.1.2.1", "SC.MSS/CONF.07"], Severity.Blocking, CaseKind.Observed,
            "Fetch and send with the BAL PER: every AUTHENTICATE / AUTH XOAUTH2 must carry exactly user=<BAL>^Aauth=Bearer <token>^A^A."),
        (c, o) =>
        {
            var attempts = o.Attempts(AllListeners).Where(p => p.Attempt.Mechanism == "XOAUTH2" && p.Attempt.Xoauth2 is not null).ToList();
            if (attempts.Count == 0)
            {
                return CaseResult.NotRun(c, "No XOAUTH2 authentication was seen.");
            }

            var wrong = attempts.FirstOrDefault(p => p.Attempt.Xoauth2 is not { Exact: true });
            if (wrong.Attempt is not null)
            {
                return CaseResult.Failed(c, $"An XOAUTH2 string is not in the exact form: {wrong.Attempt.Xoauth2?.Shape ?? "empty"}.", Evidences.Attempt(wrong.Session, wrong.Attempt));
            }

            var otherUser = attempts.FirstOrDefault(p => !string.Equals(p.Attempt.Xoauth2!.User, o.Bal, StringComparison.OrdinalIgnoreCase));
            return otherUser.Attempt is not null
                ? CaseResult.Failed(c, $"user= names {otherUser.Attempt.Xoauth2!.User}, not the BAL {o.Bal}.", Evidences.Attempt(otherUser.Session, otherUser.Attempt))
                : CaseResult.Passed(c, $"{attempts.Count} XOAUTH2 string(s), all exact, all for {o.Bal}.", Evidences.Attempt(attempts[0].Session, attempts[0].Attempt));
        });

    public static JudgedCase<LpsObservations> Xoauth2Token() => new(
        new(CaseIds.Xoauth2Token, "A valid PSC token of the BAL's holder", ["ECO.1.2.1", "SC.MSS/CONF.07"], Severity.Blocking, CaseKind.Observed,
            $"Fetch and send with the BAL PER, as the professional {ReferenceOperator.PerHolder} of the PSC sandbox: the operator must accept the token."),
        (c, o) =>
        {
            var attempts = o.Attempts(o.Reference.Imap, o.Reference.Submission).Where(p => p.Attempt.Mechanism == "XOAUTH2" && p.Attempt.Xoauth2 is not null).ToList();
            if (attempts.Count == 0)
            {
                return CaseResult.NotRun(c, "No XOAUTH2 authentication on the reference fronts.");
            }

            foreach (var (session, attempt) in attempts)
            {
                var token = attempt.Xoauth2!;
                if (token.TokenSubject != ReferenceOperator.PerHolder)
                {
                    return CaseResult.Failed(c, $"The token is {(token.TokenSubject is null ? "not a PSC JWT" : $"for {token.TokenSubject}")}, not for the BAL's holder {ReferenceOperator.PerHolder}.", Evidences.Attempt(session, attempt));
                }

                if (token.TokenExpires is { } expires && expires < attempt.At)
                {
                    return CaseResult.Failed(c, $"The token had expired at {expires:HH:mm:ss} when it was sent.", Evidences.Attempt(session, attempt));
                }

                if (attempt.Succeeded == false)
                {
                    return CaseResult.Failed(c, $"The operator refused the token: {attempt.Reply}.", Evidences.Attempt(session, attempt));
                }
            }

            return CaseResult.Passed(c, $"{attempts.Count} token(s) of {ReferenceOperator.PerHolder}, each accepted by the operator.", Evidences.Attempt(attempts[0].Session, attempts[0].Attempt));
        });

    public static JudgedCase<LpsObservations> AppCertificate() => new(
        new(CaseIds.AppCertificate, "AUTH_CLI certificate presented, chaining to IGC Santé", ["SC.MSS/CONF.12"], Severity.Blocking, CaseKind.Observed,
            "Fetch and send with the BAL APP: the LPS must present its ORG AUTH_CLI certificate during the TLS handshake."),
        (c, o) =>
        {
            var secured = o.Log.On(o.Reference.Imap, o.Reference.Submission).Where(s => s.Tls is not null).ToList();
            if (secured.Count == 0)
            {
                return CaseResult.NotRun(c, "No TLS session on the AUTH_CLI fronts.");
            }

            var without = secured.FirstOrDefault(s => s.Tls!.ClientCertificate is null);
            if (without is not null)
            {
                return CaseResult.Failed(c, "No client certificate was presented.", Evidences.Session(without));
            }

            var foreign = secured.FirstOrDefault(s => !s.Tls!.ClientCertificate!.ChainsToRoot);
            return foreign is not null
                ? CaseResult.Failed(c, $"The client certificate does not chain to the test IGC Santé root: {foreign.Tls!.ClientCertificate!.ChainStatus}.", Evidences.Session(foreign))
                : CaseResult.Passed(c, $"{secured.Count} session(s) with {secured[0].Tls!.ClientCertificate!.Subject}, issued by {secured[0].Tls!.ClientCertificate!.Issuer}.", Evidences.Session(secured[0], l => l.Who == '*'));
        });

    public static JudgedCase<LpsObservations> AppStructure() => new(
        new(CaseIds.AppStructure, "Certificate OU = IdNatStruc of the BAL's structure", ["SC.MSS/CONF.12"], Severity.Blocking, CaseKind.Observed,
            $"Fetch and send with the BAL APP using the certificate of its structure ({TestPki.DefaultClient.IdNatStruc})."),
        (c, o) =>
        {
            var presented = o.Log.On(o.Reference.Imap, o.Reference.Submission).Where(s => s.Tls?.ClientCertificate is not null).ToList();
            if (presented.Count == 0)
            {
                return CaseResult.NotRun(c, "No client certificate was presented on the AUTH_CLI fronts.");
            }

            var other = presented.FirstOrDefault(s => !s.Tls!.ClientCertificate!.OrganisationalUnits.Contains(TestPki.DefaultClient.IdNatStruc));
            return other is not null
                ? CaseResult.Failed(c, $"The certificate's OU is {string.Join(",", other.Tls!.ClientCertificate!.OrganisationalUnits)}, not the BAL's structure {TestPki.DefaultClient.IdNatStruc}.", Evidences.Session(other, l => l.Who == '*'))
                : CaseResult.Passed(c, $"OU={TestPki.DefaultClient.IdNatStruc} in every certificate presented.", Evidences.Session(presented[0], l => l.Who == '*'));
        });

    public static JudgedCase<LpsObservations> AppPlain() => new(
        new(CaseIds.AppPlain, "SASL PLAIN with the BAL address as login, inside TLS", ["SC.MSS/CONF.12"], Severity.Blocking, CaseKind.Observed,
            "Fetch and send with the BAL APP: AUTHENTICATE PLAIN / AUTH PLAIN whose authentication identity is the BAL's address."),
        (c, o) =>
        {
            var attempts = o.Attempts(o.Reference.Imap, o.Reference.Submission);
            if (attempts.Count == 0)
            {
                return CaseResult.NotRun(c, "No authentication on the AUTH_CLI fronts.");
            }

            var wrong = attempts.FirstOrDefault(p => p.Attempt.Mechanism != "PLAIN" || !p.Attempt.OverTls || !string.Equals(p.Attempt.Plain?.Authcid, o.Bal, StringComparison.OrdinalIgnoreCase) || p.Attempt.Succeeded != true);
            return wrong.Attempt is not null
                ? CaseResult.Failed(c, $"Expected PLAIN inside TLS with login {o.Bal}, accepted by the operator.", Evidences.Attempt(wrong.Session, wrong.Attempt))
                : CaseResult.Passed(c, $"{attempts.Count} PLAIN login(s) as {o.Bal}, inside TLS, accepted.", Evidences.Attempt(attempts[0].Session, attempts[0].Attempt));
        });
}
