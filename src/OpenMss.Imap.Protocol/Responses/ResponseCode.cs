namespace OpenMss.Imap.Protocol.Responses;

/// <summary>
/// The bracketed response codes this server sends: RFC 3501 §7.1, RFC 4315 (UIDPLUS), RFC 5530 (the codes that
/// tell a client what went wrong), RFC 4469/7889 (TOOBIG) and RFC 5182/5255 (none yet). Written by
/// <see cref="ResponseCodes.Atom"/>, arguments apart.
/// </summary>
public enum ResponseCode
{
    Alert,
    BadCharset,
    Capability,
    Parse,
    PermanentFlags,
    ReadOnly,
    ReadWrite,
    TryCreate,
    UidNext,
    UidValidity,
    Unseen,
    AppendUid,
    CopyUid,
    UidNotSticky,
    Unavailable,
    AuthenticationFailed,
    AuthorizationFailed,
    Expired,
    PrivacyRequired,
    ContactAdmin,
    NoPerm,
    InUse,
    ExpungeIssued,
    Corruption,
    ServerBug,
    ClientBug,
    Cannot,
    Limit,
    OverQuota,
    AlreadyExists,
    Nonexistent,
    TooBig,
    HighestModSeq,
    Modified,
    Closed,
    UnknownCte,
}

/// <summary>The wire atom of each <see cref="ResponseCode"/>.</summary>
public static class ResponseCodes
{
    public static string Atom(ResponseCode code) => code switch
    {
        ResponseCode.Alert => "ALERT",
        ResponseCode.BadCharset => "BADCHARSET",
        ResponseCode.Capability => "CAPABILITY",
        ResponseCode.Parse => "PARSE",
        ResponseCode.PermanentFlags => "PERMANENTFLAGS",
        ResponseCode.ReadOnly => "READ-ONLY",
        ResponseCode.ReadWrite => "READ-WRITE",
        ResponseCode.TryCreate => "TRYCREATE",
        ResponseCode.UidNext => "UIDNEXT",
        ResponseCode.UidValidity => "UIDVALIDITY",
        ResponseCode.Unseen => "UNSEEN",
        ResponseCode.AppendUid => "APPENDUID",
        ResponseCode.CopyUid => "COPYUID",
        ResponseCode.UidNotSticky => "UIDNOTSTICKY",
        ResponseCode.Unavailable => "UNAVAILABLE",
        ResponseCode.AuthenticationFailed => "AUTHENTICATIONFAILED",
        ResponseCode.AuthorizationFailed => "AUTHORIZATIONFAILED",
        ResponseCode.Expired => "EXPIRED",
        ResponseCode.PrivacyRequired => "PRIVACYREQUIRED",
        ResponseCode.ContactAdmin => "CONTACTADMIN",
        ResponseCode.NoPerm => "NOPERM",
        ResponseCode.InUse => "INUSE",
        ResponseCode.ExpungeIssued => "EXPUNGEISSUED",
        ResponseCode.Corruption => "CORRUPTION",
        ResponseCode.ServerBug => "SERVERBUG",
        ResponseCode.ClientBug => "CLIENTBUG",
        ResponseCode.Cannot => "CANNOT",
        ResponseCode.Limit => "LIMIT",
        ResponseCode.OverQuota => "OVERQUOTA",
        ResponseCode.AlreadyExists => "ALREADYEXISTS",
        ResponseCode.Nonexistent => "NONEXISTENT",
        ResponseCode.TooBig => "TOOBIG",
        ResponseCode.HighestModSeq => "HIGHESTMODSEQ",
        ResponseCode.Modified => "MODIFIED",
        ResponseCode.Closed => "CLOSED",
        ResponseCode.UnknownCte => "UNKNOWN-CTE", // RFC 3516 §4.3
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static string Atom(ImapStatus status) => status switch
    {
        ImapStatus.Ok => "OK",
        ImapStatus.No => "NO",
        ImapStatus.Bad => "BAD",
        ImapStatus.PreAuth => "PREAUTH",
        ImapStatus.Bye => "BYE",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
