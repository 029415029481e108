using Npgsql;
using OpenMss.Storage.Model;

namespace OpenMss.Storage.Postgres;

/// <summary>
/// Holds one connection that LISTENs for change notices from every node and hands them to this process's watches.
/// When the connection drops it reconnects and wakes every watch to resynchronise, since notices may have been lost.
/// </summary>
internal sealed class PostgresChangeListener : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ChangeBroadcaster _broadcaster;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    public PostgresChangeListener(NpgsqlDataSource dataSource, ChangeBroadcaster broadcaster)
    {
        _dataSource = dataSource;
        _broadcaster = broadcaster;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the first LISTEN is in place, so no notice committed after it is missed.</summary>
    public Task Listening => _listening.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var first = true;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(_stop.Token);
                connection.Notification += (_, e) =>
                {
                    if (PostgresDialect.TryParse(e.Payload, out var change))
                    {
                        _broadcaster.Publish(change);
                    }
                };
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {PostgresDialect.ChangeChannel}";
                    await listen.ExecuteNonQueryAsync(_stop.Token);
                }

                if (!first)
                {
                    _broadcaster.PublishResync();
                }

                first = false;
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                // Whatever broke the connection, keep listening: without this loop no node hears of other nodes' changes.
                if (first)
                {
                    _listening.TrySetException(e);
                }

                await Task.Delay(RetryDelay, _stop.Token);
            }
        }
    }
}
