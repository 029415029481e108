using System.Runtime.InteropServices;

namespace OpenMss.Cli.Commands;

/// <summary>How foreground verbs wait to be stopped.</summary>
internal static class Signals
{
    /// <summary>Until SIGTERM, SIGINT (Ctrl-C) or the invocation is cancelled.</summary>
    public static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.TrySetResult();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            stop.TrySetResult();
        });
        await using var cancelled = cancellationToken.Register(() => stop.TrySetResult());
        await stop.Task;
    }
}
