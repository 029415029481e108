using System.Net;
using System.Net.Sockets;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// A loopback listener of the tool: accepts connections, opens a recorded session for each and hands it to its
/// handler (a relay to the operator, the TLS 1.1 listener, the listener that breaks every connection). At most
/// <see cref="MaxSessions"/> at once; later clients wait in the backlog.
/// </summary>
public sealed class ObservingListener : IAsyncDisposable
{
    public const int MaxSessions = 64;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots = new(MaxSessions);
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;

    private ObservingListener(string name, WireProtocol protocol, IPEndPoint endpoint, ObservationLog log, Func<TcpClient, RecordedSession, CancellationToken, Task> handler)
    {
        Name = name;
        Protocol = protocol;
        _listener = new TcpListener(endpoint);
        _listener.Start();
        Endpoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = AcceptAsync(log, handler);
    }

    public string Name { get; }

    public WireProtocol Protocol { get; }

    public IPEndPoint Endpoint { get; }

    public static ObservingListener Relay(ListenerSpec spec, ObservationLog log) =>
        new(spec.Name, spec.Protocol, spec.Endpoint, log, async (client, session, cancellationToken) =>
        {
            using var relay = spec.Protocol == WireProtocol.Imap ? (RelaySession)new ImapRelay(spec, session) : new SmtpRelay(spec, session);
            await relay.RunAsync(client, cancellationToken);
        });

    public static ObservingListener Start(string name, WireProtocol protocol, IPEndPoint endpoint, ObservationLog log, Func<TcpClient, RecordedSession, CancellationToken, Task> handler) =>
        new(name, protocol, endpoint, log, handler);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] running;
        lock (_sessions)
        {
            running = [.. _sessions];
        }

        await Task.WhenAll(running);
        _stop.Dispose();
    }

    private async Task AcceptAsync(ObservationLog log, Func<TcpClient, RecordedSession, CancellationToken, Task> handler)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                await _slots.WaitAsync(_stop.Token);
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var session = log.Begin(Name, Protocol, client.Client.RemoteEndPoint?.ToString());
            var task = Task.Run(async () =>
            {
                try
                {
                    await handler(client, session, _stop.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
                {
                    session.Note($"session broken: {e.GetType().Name}");
                }
                finally
                {
                    client.Dispose();
                    session.End();
                    log.Touch();
                    _slots.Release();
                }
            });
            lock (_sessions)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(task);
            }
        }
    }
}
