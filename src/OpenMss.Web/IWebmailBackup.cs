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

    /// <summary>Whether WebAuthn security keys are offered besides TOTP (the operator named the webmail's origins).</summary>
    bool OffersSecurityKeys { get; }

    Task<int> SecurityKeyCountAsync(string idNat, CancellationToken cancellationToken);

    /// <summary>Begins enrolling a security key for a professional logged in with PSC; null when they have the most allowed.</summary>
    Task<WebmailKeyCeremony?> BeginKeyEnrolmentAsync(string idNat, CancellationToken cancellationToken);

    /// <summary>Ends it with the browser's answer (<c>PublicKeyCredential.toJSON()</c>); false when it does not verify.</summary>
    Task<bool> FinishKeyEnrolmentAsync(string idNat, string ceremony, string response, CancellationToken cancellationToken);

    /// <summary>Begins a login with one of the professional's keys; null when they enrolled none.</summary>
    Task<WebmailKeyCeremony?> BeginKeyLoginAsync(string idNat, CancellationToken cancellationToken);

    Task<WebmailBackupLogin> KeyLogInAsync(string ceremony, string response, CancellationToken cancellationToken);
}

/// <summary>A WebAuthn ceremony under way: its id, and the options the browser's <c>navigator.credentials</c> takes (JSON).</summary>
public sealed record WebmailKeyCeremony(string Id, string OptionsJson);

/// <summary>A backup login: the credential, its end and whose it is, or the refusal.</summary>
public sealed record WebmailBackupLogin(string? Credential, DateTimeOffset? Expires, WebmailBackupRefusal Refusal, string? IdNat = null);

public enum WebmailBackupRefusal
{
    None,
    NotEnrolled,
    WrongCode,
    Throttled,
}
