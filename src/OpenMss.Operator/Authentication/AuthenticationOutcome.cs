namespace OpenMss.Operator.Authentication;

/// <summary>
/// The verdict the IMAP and SMTP fronts turn into protocol codes (spec §13 #1):
/// Success → IMAP OK / SMTP 235 2.7.0; Failed → NO [AUTHENTICATIONFAILED] / 535 5.7.8;
/// NotAuthorized → NO [AUTHORIZATIONFAILED] / 535 5.7.8; Unavailable → NO [UNAVAILABLE] / 454 4.7.0.
/// </summary>
public enum AuthenticationVerdict
{
    Success,
    Failed,
    NotAuthorized,
    Unavailable,
}

/// <param name="Reason">For the audit trail and logs: never the token.</param>
public sealed record AuthenticationOutcome(AuthenticationVerdict Verdict, string Reason, long? BalId = null, string? IdNat = null);
