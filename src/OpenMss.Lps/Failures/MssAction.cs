namespace OpenMss.Lps;

/// <summary>What the application should do about a failure the SDK could not resolve by itself.</summary>
public enum MssAction
{
    /// <summary>Try again later; the SDK has already retried with backoff.</summary>
    RetryLater,

    /// <summary>Stop and tell the user: this identity may not use this BAL.</summary>
    StopAndTellUser,

    /// <summary>The professional must authenticate again with Pro Santé Connect.</summary>
    SignInAgain,

    /// <summary>A configuration or deployment problem (TLS, trust store, wrong front, missing records): fix it, do not retry.</summary>
    FixConfiguration,

    /// <summary>The operator refused this message or operation; change the request.</summary>
    ChangeRequest,
}
