namespace OpenMss.Lps.Sessions;

/// <summary>The typed exception the application receives for a classified refusal.</summary>
internal static class VerdictFailures
{
    public static MssException ToException(this Verdict verdict, string message, Exception? inner) => verdict.Kind switch
    {
        VerdictKind.TokenRefused => new MssTokenRefusedException(message, verdict.Code, inner),
        VerdictKind.NotAuthorized => new MssNotAuthorizedException(message, verdict.Code, inner),
        VerdictKind.Unavailable or VerdictKind.SessionEnded => new MssUnavailableException(message, verdict.Code, inner),
        VerdictKind.Configuration => new MssConfigurationException(message, verdict.Code, inner),
        _ => new MssRefusedException(message, verdict.Code, inner),
    };
}
