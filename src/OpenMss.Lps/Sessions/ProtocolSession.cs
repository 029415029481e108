using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// One IMAP or submission session of one BAL, kept open between operations and reopened when the operator ends it
/// (ECO.1.2.7): <see cref="RunAsync"/> opens it when needed (<see cref="SecureConnector"/>, then
/// <see cref="SaslAuthenticator"/>), runs the operation, and when the operator had ended the session (BYE, 421, a
/// dropped connection) opens a fresh one and runs the operation once more, so the caller sees no error. Temporary refusals are retried with backoff; a
/// refused token is replaced once by a fresh one. Operations of one session run one at a time (MailKit clients are
/// not thread-safe); each BAL has its own sessions, so a failing BAL never holds up another (ECO.1.2.3).
/// </summary>
internal sealed class ProtocolSession<TClient> : IDisposable
    where TClient : MailService
{
    private readonly MailboxContext _context;
    private readonly MailProtocol _protocol;
    private readonly Func<IProtocolLogger, TClient> _create;
    private readonly Func<CancellationToken, Task<IReadOnlyList<ServiceEndpoint>>> _endpoints;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationTokenSource _ended = new();
    private readonly CancellationTokenSource _disposing = new();
    private TClient? _client;
    private ResponseRecorder? _recorder;

    public ProtocolSession(MailboxContext context, MailProtocol protocol, Func<IProtocolLogger, TClient> create, Func<CancellationToken, Task<IReadOnlyList<ServiceEndpoint>>> endpoints)
    {
        _context = context;
        _protocol = protocol;
        _create = create;
        _endpoints = endpoints;
    }

    /// <summary>True while a session is connected and authenticated.</summary>
    public bool IsOpen => _client is { IsConnected: true, IsAuthenticated: true };

    /// <summary>How many sessions were opened after the first (the operator ended one, or a connection dropped).</summary>
    public int Reopenings { get; private set; }

    private int Openings { get; set; }

    /// <summary>Runs <paramref name="operation"/> on an open session, reopening it once if the operator had ended it.</summary>
    public async Task<T> RunAsync<T>(Func<TClient, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token, _disposing.Token);
        var token = linked.Token;
        try
        {
            await _lock.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            throw new MssPscSessionEndedException();
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            throw new ObjectDisposedException(_context.Describe, "The mailbox was disposed.");
        }

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var client = await OpenAsync(token).ConfigureAwait(false);
                _recorder!.Clear();
                try
                {
                    return await operation(client, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_ended.IsCancellationRequested)
                {
                    Drop();
                    throw new MssPscSessionEndedException();
                }
                catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
                {
                    Drop();
                    throw new ObjectDisposedException(_context.Describe, "The mailbox was disposed.");
                }
                catch (Exception e) when (e is not MssException && SessionEnded(e))
                {
                    Drop();
                    if (attempt > 0)
                    {
                        throw new MssUnavailableException($"The operator ended the {_protocol.Name()} session of {_context.Describe} twice in a row: {e.Message}", null, e);
                    }
                }
                catch (Exception e) when (e is ImapCommandException or SmtpCommandException)
                {
                    var verdict = ResponseClassifier.Command(_protocol, _recorder.Lines);
                    throw verdict.ToException($"The operator refused a {_protocol.Name()} command for {_context.Describe}: {verdict.Code} {verdict.Text}".TrimEnd(), e);
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Ends the session at once and refuses later operations: the PSC session ended (ECO.1.2.6).</summary>
    public void Abort()
    {
        if (_ended.IsCancellationRequested)
        {
            return;
        }

        _ended.Cancel();
        _ = Task.Run(async () =>
        {
            await _lock.WaitAsync().ConfigureAwait(false);
            try
            {
                Drop();
            }
            finally
            {
                _lock.Release();
            }
        });
    }

    /// <summary>
    /// The mailbox is being disposed: an operation still running (a wait for mail in IDLE) ends now, so that the
    /// close that follows does not wait for it; later operations are refused.
    /// </summary>
    public void StopOperations()
    {
        if (!_disposing.IsCancellationRequested) // a second DisposeAsync finds the source disposed
        {
            _disposing.Cancel();
        }
    }

    /// <summary>Closes the session politely (LOGOUT, QUIT).</summary>
    public async Task CloseAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_client is { IsConnected: true } client)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(true, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ProtocolException or ServiceNotConnectedException)
                {
                    // The session was going away anyway.
                }
            }

            Drop();
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        Drop();
        _ended.Dispose();
        _disposing.Dispose();
    }

    private bool SessionEnded(Exception e) =>
        e is ServiceNotConnectedException or IOException or SocketException or ImapProtocolException or SmtpProtocolException
        || (e is SmtpCommandException smtp && smtp.StatusCode == SmtpStatusCode.ServiceNotAvailable)
        || (e is ImapCommandException && ResponseClassifier.Ended(_protocol, _recorder!.Lines))
        || _client is not { IsConnected: true };

    private async Task<TClient> OpenAsync(CancellationToken cancellationToken)
    {
        if (_context.Tokens?.IsEnded == true)
        {
            Drop();
            throw new MssPscSessionEndedException();
        }

        if (IsOpen)
        {
            return _client!;
        }

        Drop();
        var delays = _context.Options.RetryDelays;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var client = await ConnectAndAuthenticateAsync(cancellationToken).ConfigureAwait(false);
                if (Openings++ > 0)
                {
                    Reopenings++;
                }

                return client;
            }
            catch (Exception e) when (attempt < delays.Count && e is MssUnavailableException or AutoconfigurationException { Failure: AutoconfigurationFailure.DnsFailure })
            {
                await Delays.WaitAsync(_context.Options.Time, delays[attempt], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<TClient> ConnectAndAuthenticateAsync(CancellationToken cancellationToken)
    {
        var endpoints = await _endpoints(cancellationToken).ConfigureAwait(false);
        if (endpoints.Count == 0)
        {
            throw new MssConfigurationException($"No {_protocol.Name()} front is configured for {_context.Describe}.", null);
        }

        Exception? last = null;
        foreach (var endpoint in endpoints)
        {
            IReadOnlyList<IPAddress> addresses;
            try
            {
                addresses = await _context.Dns.AddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
            }
            catch (AutoconfigurationException e)
            {
                last = e;
                continue;
            }

            foreach (var address in addresses)
            {
                var socket = await SecureConnector.ConnectSocketAsync(address, endpoint.Port, _context.Options.Timeout, cancellationToken).ConfigureAwait(false);
                if (socket.Error is { } error)
                {
                    last = error;
                    continue;
                }

                var recorder = new ResponseRecorder(_context.Options.Transcript?.Invoke(_context.Address, _protocol == MailProtocol.Imap ? "imap" : "submission"));
                var client = _create(recorder);
                _client = client;
                _recorder = recorder;
                try
                {
                    await SecureConnector.StartTlsAsync(client, socket.Socket!, endpoint, _context, cancellationToken).ConfigureAwait(false);
                    await SaslAuthenticator.AuthenticateAsync(client, _context, _protocol, recorder, cancellationToken).ConfigureAwait(false);
                    return client;
                }
                catch (MssException)
                {
                    Drop();
                    throw;
                }
                catch (Exception e) when (e is IOException or SocketException or ProtocolException or ServiceNotConnectedException or CommandException)
                {
                    // This front dropped us or is ending (a 421 or BYE greeting): the next one, or a retry later.
                    Drop();
                    last = e;
                }
            }
        }

        throw new MssUnavailableException($"No {_protocol.Name()} front of {_context.Describe} could be reached ({string.Join(", ", endpoints)}): {last?.Message}", null, last);
    }

    private void Drop()
    {
        var client = _client;
        _client = null;
        client?.Dispose();
        _recorder?.Dispose();
        _recorder = null;
    }
}
