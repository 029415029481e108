namespace OpenMss.Storage.Model;

/// <summary>
/// A professional's one-time-password authenticator (TOTP, RFC 6238), the webmail's way in when PSC is down.
/// The secret is kept as the webmail protected it (opaque here); <paramref name="LastStep"/> is the last time step
/// a code was accepted for, so that no code is accepted twice (RFC 6238 §5.2).
/// </summary>
public sealed record OtpEnrolment(string IdNat, byte[] ProtectedSecret, DateTimeOffset Created, long LastStep);
