namespace OpenMss.Lps;

/// <summary>
/// A failure the application must act on. The concrete type says which; <see cref="Action"/> says what to do, and
/// <see cref="ProtocolCode"/> keeps the operator's own code readable (<c>NO [AUTHORIZATIONFAILED]</c>,
/// <c>535 5.7.8</c>) for support.
/// </summary>
public abstract class MssException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MssException(string message, MssAction action, string? protocolCode, Exception? inner)
        : base(message, inner)
    {
        Action = action;
        ProtocolCode = protocolCode;
    }

    /// <summary>What the application should do.</summary>
    public MssAction Action { get; }

    /// <summary>The operator's response code that caused this, when there was one.</summary>
    public string? ProtocolCode { get; }
}

/// <summary>The operator refused the PSC token, and a fresh one from the token source too (RFC 5530 AUTHENTICATIONFAILED/EXPIRED, SMTP 535): the professional must sign in again.</summary>
public sealed class MssTokenRefusedException(string message, string? protocolCode, Exception? inner = null)
    : MssException(message, MssAction.SignInAgain, protocolCode, inner);

/// <summary>This identity is not allowed on this BAL (AUTHORIZATIONFAILED, bearer status 403, or a certificate the operator does not accept for it): stop and tell the user.</summary>
public sealed class MssNotAuthorizedException(string message, string? protocolCode, Exception? inner = null)
    : MssException(message, MssAction.StopAndTellUser, protocolCode, inner);

/// <summary>The operator or PSC is temporarily unavailable (UNAVAILABLE, 454, 421 at connection); the SDK retried with backoff and gave up: try later.</summary>
public sealed class MssUnavailableException(string message, string? protocolCode, Exception? inner = null)
    : MssException(message, MssAction.RetryLater, protocolCode, inner);

/// <summary>A configuration error: TLS or privacy required, wrong front or mechanism, no STARTTLS, a refused protocol version.</summary>
public class MssConfigurationException(string message, string? protocolCode, Exception? inner = null)
    : MssException(message, MssAction.FixConfiguration, protocolCode, inner);

/// <summary>The operator's server certificate was refused (untrusted CA, expired, revoked, wrong name, revocation unknown) before anything was sent.</summary>
public sealed class MssServerCertificateException(string message, Exception? inner = null)
    : MssConfigurationException(message, null, inner);

/// <summary>The Pro Santé Connect session of this professional ended (logout, refresh token refused, ECO.1.2.6): every session of theirs is closed.</summary>
public sealed class MssPscSessionEndedException(string message = "PSC session ended: the professional must sign in again with Pro Santé Connect.", Exception? inner = null)
    : MssException(message, MssAction.SignInAgain, null, inner);

/// <summary>The operator refused a message or an operation (a recipient, a size, a folder): the request must change.</summary>
public sealed class MssRefusedException(string message, string? protocolCode, Exception? inner = null)
    : MssException(message, MssAction.ChangeRequest, protocolCode, inner);
