namespace OpenMss.Conformance.Observation;

/// <summary>One SASL exchange a client began: its mechanism, whether TLS was on, what its payload held (secrets reduced to fingerprints) and the answer.</summary>
public sealed class AuthAttempt(DateTimeOffset at, string mechanism, bool overTls)
{
    public DateTimeOffset At { get; } = at;

    public string Mechanism { get; } = mechanism;

    public bool OverTls { get; } = overTls;

    public Xoauth2Payload? Xoauth2 { get; set; }

    public PlainPayload? Plain { get; set; }

    /// <summary>The tool answered this attempt itself (a fault case), the operator never saw it.</summary>
    public bool Injected { get; set; }

    /// <summary>The answer: the IMAP tagged response or the SMTP reply, as sent to the client.</summary>
    public string? Reply { get; set; }

    public bool? Succeeded { get; set; }
}

/// <summary>
/// An XOAUTH2 initial response (MSSANTE.md §3.4) taken apart: whether it is exactly
/// <c>user=ADDRESS^Aauth=Bearer TOKEN^A^A</c>, the user, and of the token only what is not secret: a fingerprint
/// (to tell a fresh token from a replayed one), its subject IdNat and expiry.
/// </summary>
/// <param name="TokenSession">The token's PSC session (sid claim): what a PSC logout ends.</param>
public sealed record Xoauth2Payload(bool Exact, string Shape, string? User, string? TokenFingerprint, string? TokenSubject, DateTimeOffset? TokenExpires, string? TokenSession = null);

/// <summary>A PLAIN initial response (RFC 4616): authorisation and authentication identities; the password's length only.</summary>
public sealed record PlainPayload(string Authzid, string Authcid, int PasswordLength);
