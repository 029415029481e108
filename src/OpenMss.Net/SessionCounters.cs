namespace OpenMss.Net;

/// <summary>The bounds every mail session keeps on a misbehaving client, whatever its protocol.</summary>
/// <param name="MaxCommandsBeforeAuth">Commands a client may send before it authenticates.</param>
/// <param name="MaxAuthFailures">Failed authentications that end the session.</param>
/// <param name="MaxBadCommands">Errors (syntax, sequence) a session tolerates before it ends.</param>
public sealed record SessionBounds(int MaxCommandsBeforeAuth, int MaxAuthFailures, int MaxBadCommands);

/// <summary>
/// One session's counts against its <see cref="SessionBounds"/>. Each method counts one more event and says
/// whether the session must now end (the session then answers in its protocol's words: BYE, 421, 535...).
/// </summary>
public sealed class SessionCounters(SessionBounds bounds)
{
    private int _commandsBeforeAuth;
    private int _authFailures;
    private int _badCommands;

    /// <returns>True once more commands came before authentication than allowed.</returns>
    public bool CommandBeforeAuth() => ++_commandsBeforeAuth > bounds.MaxCommandsBeforeAuth;

    /// <returns>True when this failure reaches the allowed number.</returns>
    public bool AuthFailed() => ++_authFailures >= bounds.MaxAuthFailures;

    /// <returns>True once more errors came than allowed.</returns>
    public bool BadCommand() => ++_badCommands > bounds.MaxBadCommands;
}
