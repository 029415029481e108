namespace OpenMss.Psc.Sandbox;

/// <summary>
/// What the sandbox does wrong on purpose, at the endpoints operators call (introspection and userinfo), so that
/// operators and conformance tests can see their answers to a failing PSC. Discovery and the token endpoint keep
/// working, so tokens can still be obtained.
/// </summary>
public enum FailureMode
{
    None,

    /// <summary>Introspection says active=false and userinfo 401, for every token.</summary>
    Inactive,

    /// <summary>503, as a PSC in trouble.</summary>
    ServerError,

    /// <summary>
    /// PSC down: every endpoint (discovery, login page, token, introspection, logout) answers 503; only the
    /// sandbox's control endpoints still work, so that a test can bring it back.
    /// </summary>
    Down,

    /// <summary>Answers only after <see cref="SandboxLifetimes.SlowDelay"/>.</summary>
    Slow,

    /// <summary>
    /// At the token endpoint, once: the next refresh is carried out (the token rotated) but answered only after
    /// <see cref="SandboxLifetimes.SlowDelay"/>, so that a client times out having lost the new token; then back to none.
    /// </summary>
    LateRefresh,
}
