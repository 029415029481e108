namespace OpenMss.Conformance.Lps;

/// <summary>The stable ids of the LPS cases: reports, --only and CI scripts name cases by them.</summary>
public static class CaseIds
{
    public const string StartTlsImap = "LPS-TLS-01";
    public const string StartTlsSmtp = "LPS-TLS-02";
    public const string TlsVersion = "LPS-TLS-03";
    public const string Tls11 = "LPS-TLS-04";
    public const string CipherSuites = "LPS-TLS-05";
    public const string ExpiredCertificate = "LPS-CERT-01";
    public const string RevokedCertificate = "LPS-CERT-02";
    public const string ForeignCa = "LPS-CERT-03";
    public const string WrongName = "LPS-CERT-04";
    public const string Autoconfiguration = "LPS-SRV-01";
    public const string Xoauth2Format = "LPS-AUTH-01";
    public const string Xoauth2Token = "LPS-AUTH-02";
    public const string AppCertificate = "LPS-APP-01";
    public const string AppStructure = "LPS-APP-02";
    public const string AppPlain = "LPS-APP-03";
    public const string AuthenticationFailed = "LPS-ERR-01";
    public const string Unavailable = "LPS-ERR-02";
    public const string Reopen = "LPS-SES-01";
    public const string Isolation = "LPS-SES-02";
    public const string PscLogout = "LPS-SES-03";
    public const string Nil = "LPS-HDR-01";
    public const string CodeCda = "LPS-HDR-02";
    public const string Ins = "LPS-HDR-03";
    public const string XdmArchive = "LPS-XDM-01";
    public const string XdmSubject = "LPS-XDM-02";
    public const string MesEnd = "LPS-MES-01";
    public const string ReadReceipt = "LPS-MDN-01";
    public const string TokenStorage = "LPS-ATT-01";
    public const string FunctionalTraces = "LPS-ATT-02";
    public const string CrlKept = "LPS-ATT-03";
}
