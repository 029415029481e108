namespace OpenMss.Lps.Sessions;

/// <summary>The two protocols of the API LPS.</summary>
internal enum MailProtocol
{
    Imap,
    Submission,
}
