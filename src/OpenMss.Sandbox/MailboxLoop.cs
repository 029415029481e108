using Microsoft.Extensions.Logging;
using OpenMss.Lps;

namespace OpenMss.Sandbox;

/// <summary>
/// The loop of the sandbox's automatic BALs (responders, Mon espace santé stand-in): each new INBOX message is
/// handled then deleted, IDLE waits for the next, and a failure is logged and tried again, so that one bad message
/// or a restart of the operator does not stop the BAL.
/// </summary>
internal static partial class MailboxLoop
{
    public static async Task RunAsync(MssMailbox mailbox, Func<MssMessageSummary, CancellationToken, Task> handle, ILogger logger, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                foreach (var summary in (await mailbox.ListNewAsync(cancellationToken: token)).Messages)
                {
                    await handle(summary, token);
                    await mailbox.MarkProcessedAsync(summary.Uid, delete: true, cancellationToken: token);
                }

                await mailbox.WaitForNewMailAsync(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // An automatic BAL must outlive one bad message or a restart of its operator.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, mailbox.Address, e.GetType().Name, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Sandbox BAL {Address}: {Error}: {Detail}; trying again")]
    private static partial void LogFailed(ILogger logger, string address, string error, string detail);
}
