using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>The refusals a listener can answer an authentication with instead of passing it to the operator.</summary>
public enum Refusal
{
    /// <summary>IMAP <c>NO [AUTHENTICATIONFAILED]</c>, SMTP <c>535 5.7.8</c> (RFC 5530, RFC 4954).</summary>
    AuthenticationFailed,

    /// <summary>IMAP <c>NO [UNAVAILABLE]</c>, SMTP <c>454 4.7.0</c>: a temporary failure.</summary>
    Unavailable,
}

/// <summary>
/// What a listener does wrong on purpose, so that a case can watch the LPS react: refuse authentications, or end a
/// session the operator had accepted (ECO.1.2.7). Called from the relay's sessions, concurrently.
/// </summary>
public abstract class FaultPlan
{
    public static FaultPlan None { get; } = new NoFaults();

    /// <summary>A refusal to answer this authentication with, or null to pass it to the operator.</summary>
    public virtual Refusal? Refuse(RecordedSession session) => null;

    /// <summary>True to end the session, with IMAP <c>* BYE [EXPIRED]</c> or SMTP <c>421 4.7.0</c>, instead of passing this command on.</summary>
    public virtual bool EndBefore(RecordedSession session) => false;

    /// <summary>Told when the operator accepted an authentication (the PSC logout case acts then).</summary>
    public virtual void Authenticated(RecordedSession session, AuthAttempt attempt)
    {
    }

    private sealed class NoFaults : FaultPlan;
}

/// <summary>Refuses every authentication: the LPS must retry once with a fresh token, then stop (no loop).</summary>
public sealed class RefuseEveryAuthentication(Refusal refusal) : FaultPlan
{
    public override Refusal? Refuse(RecordedSession session) => refusal;
}

/// <summary>Refuses the first <paramref name="count"/> authentications on the listener, then lets them through: the LPS must come back, later each time.</summary>
public sealed class RefuseFirstAuthentications(int count, Refusal refusal) : FaultPlan
{
    private int _seen;

    public override Refusal? Refuse(RecordedSession session) => Interlocked.Increment(ref _seen) <= count ? refusal : null;
}

/// <summary>Ends the first session that authenticates, at its first command after the authentication: the LPS must reopen on its own.</summary>
public sealed class EndFirstAuthenticatedSession : FaultPlan
{
    private int _ended;

    public override bool EndBefore(RecordedSession session) => session.Authenticated && Interlocked.CompareExchange(ref _ended, 1, 0) == 0;
}

/// <summary>
/// Logs the professional out at PSC a moment after the first session authenticates (ECO.1.2.6): the LPS, told by its
/// intermediate server, must close its sessions and open no other with that PSC session.
/// </summary>
public sealed class LogOutAfterAuthentication(Func<string, Task> logout, TimeProvider clock) : FaultPlan
{
    /// <summary>Time for the LPS to settle into its session (IDLE) before the logout.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private int _done;

    public override void Authenticated(RecordedSession session, AuthAttempt attempt)
    {
        if (attempt.Xoauth2?.TokenSession is not { } psc || Interlocked.CompareExchange(ref _done, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(Settle, clock);
            var at = clock.GetUtcNow();
            await logout(psc);
            session.LoggedOut = (at, psc);
            session.Note("the tool logged the professional out at PSC");
        });
    }
}
