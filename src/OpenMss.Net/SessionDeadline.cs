namespace OpenMss.Net;

/// <summary>
/// A deadline for one unit of session input (a command, a request, a message, a SASL line), on the front's clock,
/// so that tests move a manual clock instead of waiting; cancelled early when the server stops.
/// </summary>
public sealed class SessionDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _stopping;

    public SessionDeadline(TimeSpan timeout, TimeProvider clock, CancellationToken stopping)
    {
        _source = new CancellationTokenSource(timeout, clock);
        _stopping = stopping.Register(static source => ((CancellationTokenSource)source!).Cancel(), _source);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>From now, <paramref name="timeout"/> more (RFC 3501 §5.4's idle wait gives way to the request's own bound).</summary>
    public void Restart(TimeSpan timeout) => _source.CancelAfter(timeout);

    public void Dispose()
    {
        _stopping.Dispose();
        _source.Dispose();
    }
}
