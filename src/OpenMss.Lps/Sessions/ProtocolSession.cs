using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// One IMAP or submission session of one BAL, kept open between operations and reopened when the operator ends it
/// (ECO.1.2.7): <see cref="RunAsync"/> opens it when needed (STARTTLS, the certificate judged, then XOAUTH2 or PLAIN),
/// runs the operation, and when the operator had ended the session (BYE, 421, a dropped connection) opens a fresh one
/// and runs the operation once more, so the caller sees no error. Temporary refusals are retried with backoff; a
/// refused token is replaced once by a fresh one. Operations of one session run one at a time (MailKit clients are
/// not thread-safe); each BAL has its own sessions, so a failing BAL never holds up another (ECO.1.2.3).
/// </summary>
internal sealed class ProtocolSession<TClient> : IDisposable
    where TClient : MailService
{
    private const SslProtocols Tls12And13 = SslProtocols.Tls12 | (SslProtocols)12288; // Tls13: not named in netstandard2.0
    private readonly MailboxContext _context;
    private readonly MailProtocol _protocol;
    private readonly Func<IProtocolLogger, TClient> _create;
    private readonly Func<CancellationToken, Task<IReadOnlyList<ServiceEndpoint>>> _endpoints;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CancellationTokenSource _ended = new();
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
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var token = linked.Token;
        try
        {
            await _lock.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            throw new MssPscSessionEndedException();
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
                catch (Exception e) when (e is not MssException && SessionEnded(e))
                {
                    Drop();
                    if (attempt > 0)
                    {
                        throw new MssUnavailableException($"The operator ended the {Name} session of {_context.Describe} twice in a row: {e.Message}", null, e);
                    }
                }
                catch (Exception e) when (e is ImapCommandException or SmtpCommandException)
                {
                    var verdict = ResponseClassifier.Command(_protocol, _recorder.Lines);
                    throw Failure(verdict, $"The operator refused a {Name} command for {_context.Describe}: {verdict.Code} {verdict.Text}".TrimEnd(), e);
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
    }

    private string Name => _protocol == MailProtocol.Imap ? "IMAP" : "submission";

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
                var socket = await ConnectSocketAsync(address, endpoint.Port, cancellationToken).ConfigureAwait(false);
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
                    await StartTlsAsync(client, socket.Socket!, endpoint, cancellationToken).ConfigureAwait(false);
                    await AuthenticateAsync(client, cancellationToken).ConfigureAwait(false);
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

        throw new MssUnavailableException($"No {Name} front of {_context.Describe} could be reached ({string.Join(", ", endpoints)}): {last?.Message}", null, last);
    }

    private async Task<(Socket? Socket, Exception? Error)> ConnectSocketAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connect = socket.ConnectAsync(new IPEndPoint(address, port));
        var finished = await Task.WhenAny(connect, Delays.WaitAsync(TimeProvider.System, _context.Options.Timeout, cancellationToken)).ConfigureAwait(false);
        if (finished == connect && connect.Status == TaskStatus.RanToCompletion)
        {
            return (socket, null);
        }

        socket.Dispose();
        cancellationToken.ThrowIfCancellationRequested();
        return (null, connect.Exception?.InnerException ?? new TimeoutException($"{address}:{port} did not accept a connection in time."));
    }

    /// <summary>STARTTLS only (ECO.1.0.1, 1.0.2), TLS 1.2/1.3 only (ECO.1.1.1), the server judged against the configured roots and CRLs before anything else is sent.</summary>
    private async Task StartTlsAsync(TClient client, Socket socket, ServiceEndpoint endpoint, CancellationToken cancellationToken)
    {
        var check = new ServerCertificateCheck(_context.Options.Trust, _context.Options.Time);
        client.SslProtocols = Tls12And13;
        client.CheckCertificateRevocation = false; // the CRL checker does it, keeping the last good CRL (ECO.1.1.7)
        client.ServerCertificateValidationCallback = check.Validate;
        client.Timeout = (int)_context.Options.Timeout.TotalMilliseconds;
        if (_context.Certificate is { } certificate)
        {
            client.ClientCertificates = certificate;
        }

        if (client is SmtpClient smtp)
        {
            smtp.LocalDomain = _context.Options.ClientName;
        }

        try
        {
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, SecureSocketOptions.StartTls, cancellationToken).ConfigureAwait(false);
        }
        catch (SslHandshakeException e)
        {
            throw check.Problem is { } problem
                ? new MssServerCertificateException($"{endpoint} was refused before authentication: {problem}.", e)
                : new MssConfigurationException($"The TLS handshake with {endpoint} failed ({e.InnerException?.Message ?? e.Message}); the API LPS needs TLS 1.2 or 1.3 (ECO.1.1.1).", null, e);
        }
        catch (NotSupportedException e)
        {
            throw new MssConfigurationException($"{endpoint} does not offer STARTTLS, which the API LPS requires (ECO.1.0.1, 1.0.2); nothing was sent in clear.", null, e);
        }

        if ((client.SslProtocol & Tls12And13) == 0)
        {
            throw new MssConfigurationException($"{endpoint} negotiated {client.SslProtocol}; the API LPS needs TLS 1.2 or 1.3 (ECO.1.1.1).", null);
        }

        try
        {
            if (_context.Options.Trust.CheckRevocation && await _context.Crls.ProblemAsync(check.Chain, cancellationToken).ConfigureAwait(false) is { } revoked)
            {
                throw new MssServerCertificateException($"{endpoint} was refused before authentication: {revoked}.");
            }
        }
        finally
        {
            check.Release();
            client.ServerCertificateValidationCallback = null;
        }
    }

    private async Task AuthenticateAsync(TClient client, CancellationToken cancellationToken)
    {
        PscAccessToken? refused = null;
        while (true)
        {
            SaslMechanism mechanism;
            PscAccessToken? token = null;
            if (_context.Tokens is { } tokens)
            {
                token = await tokens.GetAsync(refused, cancellationToken).ConfigureAwait(false);
                mechanism = new SaslMechanismOAuth2(_context.Address, token.Value); // spec §3.4: user=BAL ^A auth=Bearer TOKEN ^A^A
            }
            else
            {
                mechanism = new SaslMechanismPlain(_context.Address, _context.Options.AppPlainPassword); // spec §2.3: login = BAL address
            }

            if (!client.AuthenticationMechanisms.Contains(mechanism.MechanismName))
            {
                // Each front offers its one mechanism (spec §2.1): anything else means the wrong front was configured.
                throw new MssConfigurationException(
                    $"The {Name} front of {_context.Describe} does not offer {mechanism.MechanismName}: a BAL {_context.Type.ToString().ToUpperInvariant()} needs the {(_context.Type.UsesPsc() ? "PSC (SRV priority 10)" : "AUTH_CLI (SRV priority 20)")} front.", null);
            }

            _recorder!.Clear();
            try
            {
                await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is MailKit.Security.AuthenticationException or CommandException)
            {
                var verdict = ResponseClassifier.Authentication(_protocol, _recorder.Lines, usesToken: _context.Tokens is not null);
                if (verdict.Kind == VerdictKind.TokenRefused && refused is null)
                {
                    refused = token; // a refused or expired token: one fresh token, then one more try (spec §3.7)
                    continue;
                }

                var text = verdict.Kind switch
                {
                    VerdictKind.TokenRefused => $"The operator refused the PSC token for {_context.Describe}, a fresh one too: the professional must sign in again ({verdict.Code}).",
                    VerdictKind.NotAuthorized => $"Not authorised on {_context.Describe}: {(_context.Tokens is null ? "the operator does not accept this certificate for it" : "this professional may not open it")} ({verdict.Code} {verdict.Text}).",
                    VerdictKind.Unavailable or VerdictKind.SessionEnded => $"The operator could not authenticate {_context.Describe} for now ({verdict.Code} {verdict.Text}).",
                    _ => $"The operator refused the authentication of {_context.Describe} as misconfigured ({verdict.Code} {verdict.Text}).",
                };
                throw Failure(verdict with { Kind = verdict.Kind == VerdictKind.SessionEnded ? VerdictKind.Unavailable : verdict.Kind }, text, e);
            }
        }
    }

    private static MssException Failure(Verdict verdict, string message, Exception inner) => verdict.Kind switch
    {
        VerdictKind.TokenRefused => new MssTokenRefusedException(message, verdict.Code, inner),
        VerdictKind.NotAuthorized => new MssNotAuthorizedException(message, verdict.Code, inner),
        VerdictKind.Unavailable or VerdictKind.SessionEnded => new MssUnavailableException(message, verdict.Code, inner),
        VerdictKind.Configuration => new MssConfigurationException(message, verdict.Code, inner),
        _ => new MssRefusedException(message, verdict.Code, inner),
    };

    private void Drop()
    {
        var client = _client;
        _client = null;
        client?.Dispose();
        _recorder?.Dispose();
        _recorder = null;
    }
}
