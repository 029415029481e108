using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;
using OpenMss.Conformance.Relay;
using OpenMss.Net.Tls;

namespace OpenMss.Conformance.Lps;

/// <summary>Cases on the connection itself: STARTTLS before AUTH, TLS versions and suites, the operator's certificate, SRV autoconfiguration.</summary>
public static class TransportCases
{
    private static readonly string[] SrvPrefixes = ["_imap._tcp.", "_submission._tcp."];

    public static JudgedCase<LpsObservations> StartTls(WireProtocol protocol) => new(
        protocol == WireProtocol.Imap
            ? new(CaseIds.StartTlsImap, "IMAP with STARTTLS before any authentication", ["ECO.1.0.2", "SC.MSS/CONF.06", "ECO.1.2.1"], Severity.Blocking, CaseKind.Observed,
                "Fetch a BAL's INBOX. Every IMAP session must begin STARTTLS and authenticate only inside TLS.")
            : new(CaseIds.StartTlsSmtp, "SMTP submission with STARTTLS before any authentication", ["ECO.1.0.1", "SC.MSS/CONF.05", "ECO.1.2.1"], Severity.Blocking, CaseKind.Observed,
                "Send a message. Every submission session must begin STARTTLS and authenticate only inside TLS."),
        (c, o) =>
        {
            var sessions = o.Log.Sessions.Where(s => s.Protocol == protocol).ToList();
            var clear = sessions.SelectMany(s => s.Authentications.Where(a => !a.OverTls).Select(a => (s, a))).ToList();
            if (clear.Count > 0)
            {
                return CaseResult.Failed(c, $"{clear.Count} authentication(s) sent in clear, before STARTTLS.", [.. clear.Take(3).Select(p => Evidences.Session(p.s))]);
            }

            var reference = protocol == WireProtocol.Imap ? o.Reference.Imap : o.Reference.Submission;
            var secured = sessions.Where(s => s.Listener == reference && s.Authenticated).ToList();
            return secured.Count == 0
                ? CaseResult.NotRun(c, $"No {protocol.ToString().ToUpperInvariant()} session authenticated on {reference}.")
                : CaseResult.Passed(c, $"{secured.Count} session(s) authenticated, each after STARTTLS; none authenticated in clear.", Evidences.Session(secured[0]));
        });

    public static JudgedCase<LpsObservations> TlsVersion() => new(
        new(CaseIds.TlsVersion, "TLS 1.2 or 1.3, nothing older offered", ["ECO.1.1.1", "SC.MSS/CONF.01"], Severity.Blocking, CaseKind.Observed,
            "Fetch and send through the reference fronts: the TLS the LPS negotiates and offers is read from its handshakes."),
        (c, o) =>
        {
            var secured = Reference(o).Where(s => s.Tls is not null).ToList();
            if (secured.Count == 0)
            {
                return CaseResult.NotRun(c, "No TLS session on the reference fronts.");
            }

            var old = secured.FirstOrDefault(s => s.Hello?.SupportedVersions.Any(v => v < 0x0303) == true);
            return old is not null
                ? CaseResult.Failed(c, $"The client offered {Versions(old.Hello!)} in its ClientHello.", Evidences.Session(old))
                : CaseResult.Passed(c, $"{secured.Count} session(s) in {string.Join(", ", secured.Select(s => s.Tls!.Protocol).Distinct())}; versions offered: {Versions(secured[0].Hello)}.", Evidences.Session(secured[0], l => l.Who == '*'));
        });

    public static JudgedCase<LpsObservations> Tls11Refused() => new(
        new(CaseIds.Tls11, "A front offering TLS 1.1 only is refused", ["ECO.1.1.1", "SC.MSS/CONF.01"], Severity.Blocking, CaseKind.Observed,
            "Fetch a BAL's INBOX through the TLS 1.1 front: the LPS must end the handshake and never send a command over TLS 1.1."),
        (c, o) =>
        {
            var sessions = o.Log.On(ListenerNames.Tls11).ToList();
            var accepted = sessions.FirstOrDefault(s => s.ApplicationDataOverOldTls > 0);
            if (accepted is not null)
            {
                return CaseResult.Failed(c, $"The client completed a TLS 1.1 handshake and sent {accepted.ApplicationDataOverOldTls} bytes over it.", Evidences.Session(accepted));
            }

            var tried = sessions.FirstOrDefault(s => s.StartTlsRequested);
            return tried is null
                ? CaseResult.NotRun(c, "No STARTTLS was seen on the TLS 1.1 front.")
                : CaseResult.Passed(c, "The client gave up once the server answered in TLS 1.1; no command went over it.", Evidences.Session(tried));
        });

    public static JudgedCase<LpsObservations> CipherSuites() => new(
        new(CaseIds.CipherSuites, "Cipher suites: none weak offered, an AEAD suite negotiated", ["ECO.1.1.3", "SC.MSS/CONF.03"], Severity.Critical, CaseKind.Observed,
            "Fetch and send through the reference fronts: the suites the LPS offers are read from its ClientHello."),
        (c, o) =>
        {
            var secured = Reference(o).Where(s => s.Tls is not null && s.Hello is not null).ToList();
            if (secured.Count == 0)
            {
                return CaseResult.NotRun(c, "No TLS handshake with a readable ClientHello on the reference fronts.");
            }

            foreach (var session in secured)
            {
                var weak = session.Hello!.CipherSuites.Select(s => (Suite: s, Reason: TlsSuites.Forbidden(s))).Where(p => p.Reason is not null).ToList();
                if (weak.Count > 0)
                {
                    return CaseResult.Failed(c, $"The client offered {string.Join(", ", weak.Select(w => $"0x{w.Suite:X4} ({w.Reason})"))}.", Evidences.Session(session, l => l.Who == '*'));
                }

                if (!TlsSuites.Aead(session.Tls!.CipherSuite))
                {
                    return CaseResult.Failed(c, $"{session.Tls.CipherSuite} was negotiated: not an AEAD suite.", Evidences.Session(session, l => l.Who == '*'));
                }
            }

            return CaseResult.Passed(c, $"{secured[0].Hello!.CipherSuites.Count} suites offered, none weak; negotiated {string.Join(", ", secured.Select(s => s.Tls!.CipherSuite).Distinct())}.", Evidences.Session(secured[0], l => l.Who == '*'));
        });

    public static JudgedCase<LpsObservations> CertificateRefused(string id, string title, string listener, string[] requirements) => new(
        new(id, title, requirements, Severity.Blocking, CaseKind.Observed,
            $"Fetch a BAL's INBOX through the front {listener}: the LPS must refuse its certificate and never authenticate."),
        (c, o) =>
        {
            var sessions = o.Log.On(listener).ToList();
            // Authentication in clear is LPS-TLS-01's business; here only what went through the refused certificate counts.
            var authenticated = sessions.FirstOrDefault(s => s.Authentications.Any(a => a.OverTls));
            if (authenticated is not null)
            {
                return CaseResult.Failed(c, "The client authenticated through TLS with a certificate it should have refused.", Evidences.Session(authenticated));
            }

            var tried = sessions.FirstOrDefault(s => s.StartTlsRequested);
            return tried is null
                ? CaseResult.NotRun(c, $"No STARTTLS was seen on {listener}.")
                : CaseResult.Passed(c, tried.TlsFailure is { } failure ? $"The client broke off the handshake: {failure}" : "The client closed the connection without authenticating.", Evidences.Session(tried));
        });

    public static JudgedCase<LpsObservations> Autoconfiguration(LpsProfile profile) => new(
        new(CaseIds.Autoconfiguration, $"Fronts found by DNS SRV with priority {(profile == LpsProfile.PerOrg ? 10 : 20)}", ["ECO.1.1.9", "SC.MSS/CONF.04"], Severity.Critical, CaseKind.Observed,
            $"Configure only the BAL's address: the LPS must ask _imap._tcp and _submission._tcp of {ReferenceOperator.Domain} and use the records of priority {(profile == LpsProfile.PerOrg ? "10 (PSC fronts)" : "20 (AUTH_CLI fronts)")}, never the others."),
        (c, o) =>
        {
            var srv = o.Log.DnsQueries.Where(q => q.Query.Type == "SRV" && q.Query.Name.EndsWith("." + ReferenceOperator.Domain, StringComparison.OrdinalIgnoreCase)).ToList();
            var wrong = o.Log.On(ListenerNames.Wrong(profile).Imap, ListenerNames.Wrong(profile).Submission).FirstOrDefault();
            if (wrong is not null)
            {
                return CaseResult.Failed(c, $"The client connected to {wrong.Listener}, the front of the other BAL type.", Evidences.Session(wrong), Evidences.Dns(srv));
            }

            var used = Reference(o).ToList();
            if (used.Count == 0)
            {
                return CaseResult.NotRun(c, "No session on the reference fronts.");
            }

            var missing = SrvPrefixes.Where(prefix => !srv.Any(q => q.Query.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList();
            return missing.Count > 0
                ? CaseResult.Failed(c, $"No SRV question for {string.Join(" and ", missing.Select(m => m + ReferenceOperator.Domain))}: the fronts were not found by autoconfiguration.", Evidences.Dns(o.Log.DnsQueries))
                : CaseResult.Passed(c, $"SRV asked for both services; {used.Count} session(s) on {o.Reference.Imap} and {o.Reference.Submission}, none on the other fronts.", Evidences.Dns(srv));
        });

    private static IEnumerable<RecordedSession> Reference(LpsObservations o) => o.Log.On(o.Reference.Imap, o.Reference.Submission);

    private static string Versions(ClientHelloFacts? hello) =>
        hello is null ? "unknown" : string.Join(", ", hello.SupportedVersions.Select(v => v switch
        {
            0x0304 => "TLS 1.3",
            0x0303 => "TLS 1.2",
            0x0302 => "TLS 1.1",
            0x0301 => "TLS 1.0",
            0x0300 => "SSL 3.0",
            _ => $"0x{v:x4}",
        }));
}
