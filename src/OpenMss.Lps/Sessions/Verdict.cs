namespace OpenMss.Lps.Sessions;

/// <summary>What an operator's refusal means for the client (spec §3.7, §13 #1).</summary>
internal enum VerdictKind
{
    TokenRefused,
    NotAuthorized,
    Unavailable,
    SessionEnded,
    Configuration,
    Refused,
}

/// <summary>A classified refusal and the operator's code as it was sent.</summary>
internal sealed record Verdict(VerdictKind Kind, string? Code, string Text);
