namespace OpenMss.Lps.Sessions;

/// <summary>The two protocols of the API LPS.</summary>
internal enum MailProtocol
{
    Imap,
    Submission,
}

internal static class MailProtocols
{
    /// <summary>The protocol's name in messages.</summary>
    public static string Name(this MailProtocol protocol) => protocol == MailProtocol.Imap ? "IMAP" : "submission";
}
