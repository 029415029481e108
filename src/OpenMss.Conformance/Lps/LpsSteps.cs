using System.Globalization;
using System.Net;

namespace OpenMss.Conformance.Lps;

/// <summary>The steps of a profile, in the order the referencing job runs them (MOTCO2 shows each test's steps to the tester).</summary>
public static class LpsSteps
{
    public static IReadOnlyList<LpsStep> For(LpsProfile profile, IReadOnlyDictionary<string, IPEndPoint> listeners, string cdaDirectory, string? gateway)
    {
        var bal = ReferenceOperator.Bal(profile);
        string At(string name) => $"{listeners[name].Address}:{listeners[name].Port.ToString(CultureInfo.InvariantCulture)}";
        var cda = Path.Combine(cdaDirectory, "vsm.xml");
        List<LpsStep> steps =
        [
            new("fetch-autoconfig", "fetch", bal, "success",
                $"Configure the LPS with the BAL {bal} and nothing else (no host, no port): it must find its fronts through DNS SRV. Fetch the INBOX.",
                [CaseIds.StartTlsImap, CaseIds.TlsVersion, CaseIds.CipherSuites, CaseIds.Autoconfiguration, .. AuthCases(profile)]),
            new("send-plain", "send", bal, "success",
                $"Send a message without attachment from {bal} to {ReferenceOperator.ColleagueBal}.",
                [CaseIds.StartTlsSmtp, CaseIds.Nil, CaseIds.Autoconfiguration], To: [ReferenceOperator.ColleagueBal], Subject: "Conformance: message without document"),
            new("send-documents", "send", bal, "success",
                $"Send {cda} (a CDA R2 document) to {ReferenceOperator.ColleagueBal} as a structured document: in IHE_XDM.ZIP, with the MSSanté headers and subject.",
                [CaseIds.Nil, CaseIds.CodeCda, CaseIds.Ins, CaseIds.XdmArchive, CaseIds.XdmSubject], To: [ReferenceOperator.ColleagueBal], Cda: [cda], DdmSubject: true),
            new("send-patient-end", "send", bal, "success",
                $"Send a message to the patient {ReferenceOperator.PatientAddress} and end the exchange with them (X-MSS-MES: FIN).",
                [CaseIds.Nil, CaseIds.MesEnd], To: [ReferenceOperator.PatientAddress], Subject: "Conformance: end of exchange", EndExchange: true),
            new("send-read-receipt", "send", bal, "success",
                $"Send a message to {ReferenceOperator.ColleagueBal} asking for a read receipt.",
                [CaseIds.Nil, CaseIds.ReadReceipt], To: [ReferenceOperator.ColleagueBal], Subject: "Conformance: read receipt requested", ReadReceipt: true),
            Refused("fetch-expired-certificate", bal, At(ListenerNames.ExpiredCertificate), "whose server certificate has expired", CaseIds.ExpiredCertificate),
            Refused("fetch-revoked-certificate", bal, At(ListenerNames.RevokedCertificate), "whose server certificate is revoked (listed in the CRL its distribution point names)", CaseIds.RevokedCertificate),
            Refused("fetch-foreign-ca", bal, At(ListenerNames.ForeignCa), "whose server certificate comes from a CA outside IGC Santé", CaseIds.ForeignCa),
            Refused("fetch-wrong-name", bal, At(ListenerNames.WrongName), "whose server certificate names another host", CaseIds.WrongName),
            Refused("fetch-tls11", bal, At(ListenerNames.Tls11), "that offers TLS 1.1 only", CaseIds.Tls11),
            new("fetch-refused-authentication", "fetch", bal, "failure",
                $"Fetch the INBOX of {bal} through the IMAP front {At(ListenerNames.RefusesAuthentication)}, which refuses every authentication (NO [AUTHENTICATIONFAILED]). The LPS may retry once{(profile == LpsProfile.PerOrg ? " with a fresh token" : "")}, then must stop and tell the user.",
                [CaseIds.AuthenticationFailed], Imap: At(ListenerNames.RefusesAuthentication)),
            new("fetch-unavailable", "fetch", bal, "success",
                $"Fetch the INBOX of {bal} through the IMAP front {At(ListenerNames.Unavailable)}, which answers NO [UNAVAILABLE] to the first two authentications: the LPS must come back later, with a growing delay.",
                [CaseIds.Unavailable], Imap: At(ListenerNames.Unavailable)),
            new("fetch-ended-session", "fetch", bal, "success",
                $"Fetch the INBOX of {bal} through the IMAP front {At(ListenerNames.EndsSession)}, which ends the first session after its authentication with * BYE [EXPIRED]: the LPS must reopen a session on its own and finish.",
                [CaseIds.Reopen], Imap: At(ListenerNames.EndsSession)),
            new("fetch-unreachable", "fetch", ReferenceOperator.UnreachableBal(profile), "failure",
                $"Add the BAL {ReferenceOperator.UnreachableBal(profile)} to the LPS beside {bal} (autoconfiguration: its fronts close every connection) and fetch it: it fails.",
                [CaseIds.Isolation]),
            new("fetch-after-unreachable", "fetch", bal, "success",
                $"Then, with both BALs still configured, fetch the INBOX of {bal}: the failing BAL must not stop it.",
                [CaseIds.Isolation]),
        ];
        if (profile == LpsProfile.PerOrg && gateway is not null)
        {
            steps.Add(new("watch-logout", "watch", bal, "failure",
                $"Pair the LPS with the intermediate server {gateway} for the professional {ReferenceOperator.PerHolder} (CIBA: the tool approves on the professional's behalf), open the INBOX of {bal} through the IMAP front {At(ListenerNames.LogsOut)} and keep the session open, waiting for new mail. The tool logs the professional out at PSC once the session is open: the LPS must close its sessions within 15 s and open no other.",
                [CaseIds.PscLogout], Imap: At(ListenerNames.LogsOut), Credentials: "gateway"));
        }

        return steps;
    }

    private static IEnumerable<string> AuthCases(LpsProfile profile) =>
        profile == LpsProfile.PerOrg ? [CaseIds.Xoauth2Format, CaseIds.Xoauth2Token] : [CaseIds.AppCertificate, CaseIds.AppStructure, CaseIds.AppPlain];

    private static LpsStep Refused(string id, string bal, string endpoint, string what, string caseId) => new(
        id, "fetch", bal, "failure",
        $"Fetch the INBOX of {bal} through the IMAP front {endpoint}, {what}. The LPS must refuse the connection before authenticating.",
        [caseId], Imap: endpoint);
}
