using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Lps;

/// <summary>The cases of each profile, in the order the referencing job reports them.</summary>
public static class LpsCases
{
    public static IReadOnlyList<JudgedCase<LpsObservations>> For(LpsProfile profile)
    {
        var cases = new List<JudgedCase<LpsObservations>>
        {
            TransportCases.StartTls(WireProtocol.Imap),
            TransportCases.StartTls(WireProtocol.Smtp),
            TransportCases.TlsVersion(),
            TransportCases.Tls11Refused(),
            TransportCases.CipherSuites(),
            TransportCases.CertificateRefused(CaseIds.ExpiredCertificate, "An expired server certificate is refused", ListenerNames.ExpiredCertificate, ["ECO.1.1.5"]),
            TransportCases.CertificateRefused(CaseIds.RevokedCertificate, "A revoked server certificate is refused (CRL)", ListenerNames.RevokedCertificate, ["ECO.1.1.6"]),
            TransportCases.CertificateRefused(CaseIds.ForeignCa, "A server certificate from outside IGC Santé is refused", ListenerNames.ForeignCa, ["ECO.1.1.10", "SC.MSS/CONF.27"]),
            TransportCases.CertificateRefused(CaseIds.WrongName, "A server certificate for another host name is refused", ListenerNames.WrongName, ["ECO.1.1.10", "RFC 6125"]),
            TransportCases.Autoconfiguration(profile),
        };
        if (profile == LpsProfile.PerOrg)
        {
            cases.Add(AuthenticationCases.Xoauth2Format());
            cases.Add(AuthenticationCases.Xoauth2Token());
        }
        else
        {
            cases.Add(AuthenticationCases.AppCertificate());
            cases.Add(AuthenticationCases.AppStructure());
            cases.Add(AuthenticationCases.AppPlain());
        }

        cases.AddRange(
        [
            SessionCases.AuthenticationFailed(profile),
            SessionCases.Unavailable(),
            SessionCases.Reopen(),
            SessionCases.Isolation(),
            HeaderCases.Nil(),
            HeaderCases.CodeCda(),
            HeaderCases.Ins(),
            HeaderCases.XdmArchive(),
            HeaderCases.XdmSubject(),
            HeaderCases.MesEnd(),
            HeaderCases.ReadReceipt(),
        ]);
        if (profile == LpsProfile.PerOrg)
        {
            cases.Insert(cases.FindIndex(c => c.Case.Id == CaseIds.Isolation) + 1, SessionCases.PscLogout());
            cases.Add(AttestationCases.TokenStorage());
        }

        cases.Add(AttestationCases.FunctionalTraces());
        cases.Add(AttestationCases.CrlKept());
        return cases;
    }
}
