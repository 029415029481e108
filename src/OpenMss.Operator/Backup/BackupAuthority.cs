using System.Globalization;
using System.Security.Cryptography;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Identifiers;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Backup;

/// <summary>What an enrolment gives the professional: the secret to type, or the URI to scan (Key URI Format).</summary>
public sealed record OtpSecret(string Base32, Uri KeyUri);

public enum BackupRefusal
{
    None,
    NotEnrolled,
    WrongCode,
    Throttled,
}

/// <summary>A backup login's outcome: the operator's credential, or why not.</summary>
public sealed record BackupLogin(BackupRefusal Refusal, string? Credential = null, DateTimeOffset? Expires = null, string? IdNat = null);

/// <summary>
/// The operator's side of the webmail's backup way in when PSC is down (seed 002): a professional logged in with PSC
/// enrols a TOTP authenticator; later a code alone, for that IdNat, gets a short-lived credential the fronts accept
/// from the webmail. Secrets are kept encrypted (AES-GCM, a key derived from <c>Backup:Key</c>); each code is taken
/// once; after 5 failures for one IdNat within 15 minutes (<see cref="FailureThrottle{TKey}"/>) it is refused until
/// the window passes; every enrolment and attempt is in the audit trail (category <c>backup</c>), never with a code.
/// </summary>
public sealed partial class BackupAuthority(IMailStore store, BackupOptions options, TimeProvider clock)
{
    private const int SecretBytes = 20; // RFC 4226 §4: 160 bits

    private readonly byte[] _sealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, options.Key, 32, info: "openmss otp secret"u8.ToArray());
    private readonly FailureThrottle<string> _throttle = new(clock);

    public BackupCredentials Credentials { get; } = new(options, clock);

    /// <summary>Enrols a new authenticator for <paramref name="idNat"/> (the PSC-authenticated professional), replacing any other.</summary>
    public async Task<OtpSecret> EnrolAsync(string idNat, CancellationToken cancellationToken)
    {
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var now = clock.GetUtcNow();
        await store.OtpEnrolments.SaveAsync(new OtpEnrolment(idNat, Seal(secret), now, LastStep: 0), cancellationToken);
        await AuditAsync("otp.enrol", "success", idNat, null, cancellationToken);
        var text = Totp.Base32(secret);
        return new OtpSecret(text, new Uri($"otpauth://totp/OpenMSS:{Uri.EscapeDataString(idNat)}?secret={text}&issuer=OpenMSS&algorithm=SHA1&digits={Totp.Digits}&period={(int)Totp.Step.TotalSeconds}"));
    }

    public async Task<bool> IsEnrolledAsync(string idNat, CancellationToken cancellationToken) =>
        await store.OtpEnrolments.FindAsync(idNat, cancellationToken) is not null;

    public async Task<BackupLogin> LogInAsync(string idNat, string code, CancellationToken cancellationToken)
    {
        idNat = idNat.Trim();
        // A name that is no IdNat is not written down: people type secrets into the wrong field.
        var named = IdNat.IsValid(idNat) ? idNat : null;
        var now = clock.GetUtcNow();
        if (_throttle.IsBlocked(idNat))
        {
            await AuditAsync("otp.login", "refused", named, "too many failed codes", cancellationToken);
            return new BackupLogin(BackupRefusal.Throttled);
        }

        var enrolment = named is null ? null : await store.OtpEnrolments.FindAsync(named, cancellationToken);
        if (enrolment is null)
        {
            await AuditAsync("otp.login", "failure", named, "no authenticator enrolled", cancellationToken);
            return new BackupLogin(BackupRefusal.NotEnrolled);
        }

        var step = Totp.Match(Open(enrolment.ProtectedSecret), code.Trim(), now);
        if (step is null || !await store.OtpEnrolments.UseStepAsync(idNat, step.Value, cancellationToken))
        {
            _throttle.Failed(idNat);
            await AuditAsync("otp.login", "failure", named, step is null ? "wrong code" : "code already used", cancellationToken);
            return new BackupLogin(BackupRefusal.WrongCode);
        }

        _throttle.Succeeded(idNat);
        var (credential, expires) = Credentials.Issue(idNat);
        await AuditAsync("otp.login", "success", named, $"credential until {expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}", cancellationToken);
        return new BackupLogin(BackupRefusal.None, credential, expires, idNat);
    }

    private byte[] Seal(byte[] secret)
    {
        var sealedSecret = new byte[12 + 16 + secret.Length];
        RandomNumberGenerator.Fill(sealedSecret.AsSpan(0, 12));
        using var aes = new AesGcm(_sealKey, 16);
        aes.Encrypt(sealedSecret.AsSpan(0, 12), secret, sealedSecret.AsSpan(28), sealedSecret.AsSpan(12, 16));
        return sealedSecret;
    }

    private byte[] Open(byte[] sealedSecret)
    {
        var secret = new byte[sealedSecret.Length - 28];
        using var aes = new AesGcm(_sealKey, 16);
        aes.Decrypt(sealedSecret.AsSpan(0, 12), sealedSecret.AsSpan(28), sealedSecret.AsSpan(12, 16), secret);
        return secret;
    }

    private Task AuditAsync(string action, string outcome, string? idNat, string? reason, CancellationToken cancellationToken) =>
        AuditAsync(action, outcome, idNat, reason, "totp", cancellationToken);

    private Task AuditAsync(string action, string outcome, string? idNat, string? reason, string mechanism, CancellationToken cancellationToken) =>
        store.Audit.AppendAsync(new AuditEvent(clock.GetUtcNow(), "backup", action, outcome, Front: "webmail", Mechanism: mechanism, Reason: reason, Actor: idNat), cancellationToken);
}
