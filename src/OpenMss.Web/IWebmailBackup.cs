namespace OpenMss.Web;

/// <summary>
/// The operator's backup way in when PSC is down (seed 002: "webmail OTP"), as the webmail asks for it: the
/// operator enrols a professional's authenticator, checks a code and issues its own short-lived credential, which
/// its fronts accept from the webmail in place of a PSC token. The webmail holds no secret of it.
/// </summary>
public interface IWebmailBackup
{
    /// <summary>Enrols a new TOTP authenticator for a professional logged in with PSC: the secret to type, and the otpauth URI.</summary>
    Task<(string Secret, Uri KeyUri)> EnrolAsync(string idNat, CancellationToken cancellationToken);

    Task<bool> IsEnrolledAsync(string idNat, CancellationToken cancellationToken);

    Task<WebmailBackupLogin> LogInAsync(string idNat, string code, CancellationToken cancellationToken);
}

/// <summary>A backup login: the credential and its end, or the refusal.</summary>
public sealed record WebmailBackupLogin(string? Credential, DateTimeOffset? Expires, WebmailBackupRefusal Refusal);

public enum WebmailBackupRefusal
{
    None,
    NotEnrolled,
    WrongCode,
    Throttled,
}
