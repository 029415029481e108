using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenMss.Operator.Whitelist;

/// <summary>
/// Fetches the whitelist from <c>Whitelist:Source</c> at start and every <c>Whitelist:RefreshInterval</c> (default 6
/// hours; ANS publishes it daily). A list that fails to load, parse or match its checksum is logged in one sentence
/// and the previous one stays in force. On PostgreSQL every node may do it: the list is replaced whole, so the last
/// import wins and they are the same file.
/// </summary>
public sealed partial class WhitelistRefresh(WhitelistImport import, TrustedPeers peers, string source, string? checksum, TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (_, state) = await import.ImportAsync(source, checksum, stoppingToken);
                await peers.RefreshAsync(stoppingToken);
                LogImported(logger, state.Domains, state.Sha256);
            }
            catch (WhitelistException e)
            {
                LogRefused(logger, e.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A store hiccup must not end the refresh: the next round tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRefused(logger, $"{e.GetType().Name}: {e.Message}");
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Whitelist in force: {Domains} domains, SHA-256 {Sha256}")]
    private static partial void LogImported(ILogger logger, int domains, string sha256);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Whitelist refresh refused, the previous list stays in force: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
