namespace OpenMss.Imap.Protocol.Responses;

/// <summary>The condition of a status response (RFC 3501 §7.1).</summary>
public enum ImapStatus
{
    Ok,
    No,
    Bad,
    PreAuth,
    Bye,
}
