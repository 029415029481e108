namespace OpenMss.Psc;

/// <summary>
/// The verdict on a token: valid (with the identity), refused by PSC or by the checks (a permanent failure the
/// fronts answer with IMAP NO [AUTHENTICATIONFAILED] / SMTP 535 5.7.8), or unavailable (PSC cannot be reached: a
/// temporary failure, IMAP NO [UNAVAILABLE] / SMTP 454 4.7.0).
/// </summary>
public sealed record TokenValidation(TokenOutcome Outcome, PscIdentity? Identity, TokenProblem Problem, string Detail)
{
    public static TokenValidation Valid(PscIdentity identity) => new(TokenOutcome.Valid, identity, TokenProblem.None, "valid");

    public static TokenValidation Refused(TokenProblem problem, string detail) => new(TokenOutcome.Refused, null, problem, detail);

    public static TokenValidation Unavailable(TokenProblem problem, string detail) => new(TokenOutcome.Unavailable, null, problem, detail);
}

public enum TokenOutcome
{
    Valid,
    Refused,
    Unavailable,
}

/// <summary>Why a token was not accepted; never contains the token.</summary>
public enum TokenProblem
{
    None,
    Malformed,
    WrongIssuer,
    Expired,
    Inactive,
    WrongAcr,
    NoIdentity,
    PscError,
    PscTimeout,
    PscUnreachable,
    CircuitOpen,
    ClientRejected,
}
