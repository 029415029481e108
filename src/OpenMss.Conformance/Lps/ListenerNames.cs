namespace OpenMss.Conformance.Lps;

/// <summary>The listeners of an LPS run, by the name cases and conformance.json use.</summary>
public static class ListenerNames
{
    public const string ImapPsc = "imap-psc";
    public const string ImapAuthCli = "imap-authcli";
    public const string SubmissionPsc = "submission-psc";
    public const string SubmissionAuthCli = "submission-authcli";
    public const string ExpiredCertificate = "imap-expired-certificate";
    public const string RevokedCertificate = "imap-revoked-certificate";
    public const string ForeignCa = "imap-foreign-ca";
    public const string WrongName = "imap-wrong-name";
    public const string Tls11 = "imap-tls11";
    public const string RefusesAuthentication = "imap-refuses-authentication";
    public const string Unavailable = "imap-unavailable";
    public const string EndsSession = "imap-ends-session";
    public const string Unreachable = "unreachable";
    public const string LogsOut = "imap-logs-out";

    /// <summary>The IMAP and submission listeners of the front the profile must use (SRV priority 10 for PER/ORG, 20 for APP).</summary>
    public static (string Imap, string Submission) Reference(LpsProfile profile) =>
        profile == LpsProfile.PerOrg ? (ImapPsc, SubmissionPsc) : (ImapAuthCli, SubmissionAuthCli);

    /// <summary>The other front's listeners, which the profile must never use.</summary>
    public static (string Imap, string Submission) Wrong(LpsProfile profile) =>
        profile == LpsProfile.PerOrg ? (ImapAuthCli, SubmissionAuthCli) : (ImapPsc, SubmissionPsc);
}
