namespace OpenMss.Lps.Sessions;

/// <summary>Waits on the configured clock, so that tests can drive backoff with a manual one.</summary>
internal static class Delays
{
    public static Task WaitAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(delay, time, cancellationToken);
#else
        time.Delay(delay, cancellationToken);
#endif

    /// <summary>A source cancelled once <paramref name="delay"/> has passed on <paramref name="time"/>.</summary>
    public static CancellationTokenSource After(TimeProvider time, TimeSpan delay) =>
#if NET8_0_OR_GREATER
        new(delay, time);
#else
        time.CreateCancellationTokenSource(delay);
#endif
}
