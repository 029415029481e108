using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Connections;
using OpenMss.Imap.Protocol;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Server.Handlers;
using OpenMss.Net;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>
/// One IMAP connection of the API LPS: greeting, then request after request through the receiver (literals
/// acknowledged with "+"), the gate, and the command's handler (Handlers/, one per command, given this session as
/// their <see cref="IImapContext"/>), until LOGOUT, a limit, a timeout, the end of the authenticated session's
/// lifetime, or the server stopping. The session itself only receives, gates, dispatches and writes.
/// </summary>
internal sealed partial class ImapSession : IImapContext, IDisposable
{
    private readonly ImapFront _front;
    private readonly MailConnection _connection;
    private readonly ImapReceiver _receiver;
    private ImapState _state = ImapState.NotAuthenticated;
    private readonly SessionCounters _counters;
    private readonly SessionTranscript? _transcript;
    private bool _closing;
    private bool _idling;

    private static readonly byte[] TooManyConnections = "* BYE [UNAVAILABLE] Too many connections from your address.\r\n"u8.ToArray();

    private ImapSession(ImapFront front, MailConnection connection)
    {
        _front = front;
        _connection = connection;
        _receiver = new ImapReceiver(front.Limits.Grammar);
        _counters = new SessionCounters(front.Limits.Bounds);
        _transcript = SessionTranscript.Start(front.Logger, "IMAP", connection.ConnectionId);
    }

    public static Task RunAsync(ImapFront front, ConnectionContext context) =>
        MailSessionLifetime.RunAsync(context, "IMAP", front.Kind, front.Connections, front.Logger, TooManyConnections, async connection =>
        {
            using var session = new ImapSession(front, connection);
            await session.RunAsync();
        });

    public void Dispose() => (_state as SelectedState)?.Mailbox.Dispose();

    private async Task RunAsync()
    {
        await WriteAsync($"* OK [CAPABILITY {Capabilities()}] {_front.HostName} OpenMSS API LPS IMAP ({(_front.Kind == FrontKind.Psc ? "PSC" : "AUTH_CLI")}) ready.\r\n", flush: true);
        while (!_closing)
        {
            var (status, request) = await ReceiveAsync();
            switch (status)
            {
                case Received.Closed:
                    return;
                case Received.TimedOut:
                    await ByeAsync("Autologout: idle for too long.");
                    return;
                case Received.Stopping:
                    await ByeAsync("Server shutting down.", ResponseCode.Unavailable);
                    return;
                case Received.Error:
                    await BadAsync(_receiver.Error!.Tag, _receiver.Error.Code, _receiver.Error.Text);
                    continue;
            }

            if (_state is AuthenticatedState { Until: var until } && _front.Clock.GetUtcNow() >= until)
            {
                // spec §13 #2: the client reopens with a fresh token.
                await ByeAsync("The session reached its maximum lifetime: reconnect with a fresh token.", ResponseCode.Expired);
                return;
            }

            _transcript?.Client(request!.ToString());
            ImapCommand command;
            try
            {
                command = ImapCommandParser.Parse(request!, Enabled.Rev2);
            }
            catch (ImapSyntaxException e)
            {
                await BadAsync(request!.Tag, null, e.Message);
                continue;
            }
            catch (UnsupportedCharsetException)
            {
                await TaggedAsync(request!.Tag, ImapStatus.No, ResponseCode.BadCharset, "Only UTF-8 and US-ASCII searches are supported.", "(UTF-8 US-ASCII)");
                continue;
            }

            await HandleAsync(command);
        }
    }

    private async Task HandleAsync(ImapCommand command)
    {
        if (_state is not AuthenticatedState && _counters.CommandBeforeAuth())
        {
            await ByeAsync("Too many commands before authentication.");
            return;
        }

        if (CommandGate.Refusal(command, _state, _connection.IsTls) is { } refusal)
        {
            if (refusal.Status == ImapStatus.Bad)
            {
                await BadAsync(command.Tag, refusal.Code, refusal.Text);
            }
            else
            {
                await TaggedAsync(command.Tag, refusal.Status, refusal.Code, refusal.Text);
            }

            return;
        }

        try
        {
            await DispatchAsync(command);
        }
        catch (Storage.StoreException e) when (e.Error == Storage.StoreError.NotFound)
        {
            await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Nonexistent, e.Message);
        }
        catch (Storage.StoreException e) when (e.Error == Storage.StoreError.AlreadyExists)
        {
            await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.AlreadyExists, e.Message);
        }
        catch (Storage.StoreException e) when (e.Error == Storage.StoreError.TooLarge)
        {
            await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.TooBig, e.Message);
        }
        catch (Storage.StoreException e)
        {
            await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Cannot, e.Message);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            ImapLog.StoreFailed(_front.Logger, _connection.ConnectionId, e);
            await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Unavailable, "The mail store cannot be reached now: try again later.");
        }
        catch (Exception e) when (e is not (IOException or OperationCanceledException or ConnectionResetException or ConnectionAbortedException))
        {
            // A bug of ours: the client hears it as such (RFC 5530) and the session goes on.
            ImapLog.ServerBug(_front.Logger, _connection.ConnectionId, e);
            await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.ServerBug, "The server failed on this command; it has been logged.");
        }
    }

    /// <summary>One handler per command (Handlers/), each given this session as its context.</summary>
    private Task DispatchAsync(ImapCommand command) => command switch
    {
        SimpleCommand { Verb: SimpleVerb.Capability } c => CapabilityHandler.HandleAsync(this, c.Tag),
        SimpleCommand { Verb: SimpleVerb.Noop or SimpleVerb.Check } c => NoopHandler.HandleAsync(this, c.Tag, c.Name),
        SimpleCommand { Verb: SimpleVerb.Logout } c => LogoutHandler.HandleAsync(this, c.Tag),
        SimpleCommand { Verb: SimpleVerb.StartTls } c => StartTlsHandler.HandleAsync(this, c.Tag),
        SimpleCommand { Verb: SimpleVerb.Namespace } c => NamespaceHandler.HandleAsync(this, c.Tag),
        SimpleCommand { Verb: SimpleVerb.Unauthenticate } c => UnauthenticateHandler.HandleAsync(this, c.Tag),
        AuthenticateCommand c => AuthenticateHandler.HandleAsync(this, c),
        // After TLS, privacy is not what is missing: the method is refused on this front (RFC 5530 CANNOT).
        LoginCommand c => TaggedAsync(c.Tag, ImapStatus.No, ResponseCode.Cannot, "LOGIN is disabled: authenticate with XOAUTH2 (PSC) or PLAIN with a client certificate."),
        IdCommand c => IdHandler.HandleAsync(this, c.Tag),
        EnableCommand c => EnableHandler.HandleAsync(this, c),
        SimpleCommand { Verb: SimpleVerb.Close or SimpleVerb.Unselect } c when _state is SelectedState s => CloseHandler.HandleAsync(this, s.Mailbox, c.Tag, expunge: c.Verb == SimpleVerb.Close),
        SimpleCommand { Verb: SimpleVerb.Expunge } c when _state is SelectedState s => ExpungeHandler.HandleAsync(this, s.Mailbox, c.Tag, null),
        FetchCommand c when _state is SelectedState s => FetchHandler.HandleAsync(this, s.Mailbox, c),
        StoreCommand c when _state is SelectedState s => StoreHandler.HandleAsync(this, s.Mailbox, c),
        UidExpungeCommand c when _state is SelectedState s => ExpungeHandler.HandleAsync(this, s.Mailbox, c.Tag, c.Set),
        SearchCommand c when _state is SelectedState s => SearchHandler.HandleAsync(this, s.Mailbox, c),
        SortCommand c when _state is SelectedState s => SortHandler.HandleAsync(this, s.Mailbox, c),
        CopyCommand c when _state is SelectedState s => CopyHandler.HandleAsync(this, s.Mailbox, c),
        SelectCommand c => SelectHandler.HandleAsync(this, c),
        SimpleCommand { Verb: SimpleVerb.Idle } c => IdleHandler.HandleAsync(this, c.Tag),
        AppendCommand c => AppendHandler.HandleAsync(this, c),
        ListCommand c when _state is AuthenticatedState a => ListHandler.HandleAsync(this, a.BalId, c),
        StatusCommand c => StatusHandler.HandleAsync(this, c),
        MailboxCommand c when _state is AuthenticatedState a => MailboxHandler.HandleAsync(this, a.BalId, c),
        RenameCommand c when _state is AuthenticatedState a => RenameHandler.HandleAsync(this, a.BalId, c),
        QuotaCommand c when _state is AuthenticatedState a && _front.Quotas is { } quotas => QuotaHandler.HandleAsync(this, a.BalId, quotas, c),
        _ => BadAsync(command.Tag, null, $"{command.Name} is not implemented yet."),
    };

    public ImapFront Front => _front;

    public MailConnection Connection => _connection;

    public ImapState State => _state;

    public SessionTranscript? Transcript => _transcript;

    public bool Closing => _closing;

    public EnabledExtensions Enabled { get; private set; } = new();

    public bool Idling
    {
        set => _idling = value;
    }

    public void Authenticated(long balId)
    {
        _state = new AuthenticatedState(balId, _front.Clock.GetUtcNow() + _front.Limits.SessionLifetime);
    }

    public bool AuthenticationFailed() => _counters.AuthFailed();

    public void Close() => _closing = true;

    public string Capabilities()
    {
        var list = new List<string> { "IMAP4rev1", "IMAP4rev2", "LITERAL+", "SASL-IR", "ID", "ENABLE" };
        if (!_connection.IsTls)
        {
            list.Add("STARTTLS");
            list.Add("LOGINDISABLED");
        }
        else if (_state is not AuthenticatedState)
        {
            list.Add("LOGINDISABLED");
            list.AddRange(_front.Kind == FrontKind.Psc ? ["AUTH=XOAUTH2", "AUTH=OAUTHBEARER"] : ["AUTH=PLAIN"]);
        }
        else
        {
            list.AddRange(["NAMESPACE", "CHILDREN", "SPECIAL-USE", "UNSELECT", "UIDPLUS", "MOVE", "IDLE", "ESEARCH", "STATUS=SIZE", "UNAUTHENTICATE", "CONDSTORE", "QRESYNC", "LIST-EXTENDED", "LIST-STATUS", "SORT", "BINARY"]);
            if (_front.Quotas is not null)
            {
                list.AddRange(["QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE"]);
            }
        }

        return string.Join(' ', list);
    }

    public async Task BadAsync(string tag, ResponseCode? code, string text)
    {
        await TaggedAsync(tag, ImapStatus.Bad, code, text);
        if (_counters.BadCommand())
        {
            await ByeAsync("Too many errors.");
        }
    }

    public Task OkAsync(string tag, string text, ResponseCode? code = null, string? arguments = null, bool flush = false) =>
        RespondAsync(StatusResponse.Ok(tag, text, code, arguments), flush);

    public Task TaggedAsync(string tag, ImapStatus status, ResponseCode? code, string text, string? arguments = null) =>
        RespondAsync(new StatusResponse(tag, status, text, code, arguments));

    public Task RespondAsync(StatusResponse response, bool flush = false) => WriteAsync(response.ToString(), flush);

    public async Task ByeAsync(string text, ResponseCode? code = null)
    {
        _closing = true;
        await RespondAsync(StatusResponse.Bye(text, code), flush: true);
    }

    /// <summary>Writes response text; flushed at once when asked, or when no further request is already waiting.</summary>
    public async Task WriteAsync(string text, bool flush = false)
    {
        _transcript?.Server(text);
        _connection.Output.Write(Encoding.UTF8.GetBytes(text));
        if (flush || _closing || _idling || !HasWaitingInput())
        {
            await _connection.Output.FlushAsync();
        }
    }

    public async Task SyncAsync(bool allowExpunge)
    {
        if (_state is not SelectedState { Mailbox: var selected })
        {
            return;
        }

        foreach (var line in await selected.SyncAsync(allowExpunge, _front.Stopping))
        {
            await WriteAsync(line + "\r\n");
        }
    }

    public Task<Folder?> FolderAsync(string name) => _front.Mailboxes.FindFolderAsync(((AuthenticatedState)_state).BalId, name, _front.Stopping);

    public void Select(SelectedMailbox mailbox)
    {
        Unselect();
        var authenticated = (AuthenticatedState)_state;
        _state = new SelectedState(authenticated.BalId, authenticated.Until, mailbox);
    }

    public void Unauthenticate()
    {
        Unselect();
        _state = ImapState.NotAuthenticated;
        Enabled = new(); // RFC 8437 §3: as on a new connection
    }

    public void Unselect()
    {
        if (_state is SelectedState selected)
        {
            selected.Mailbox.Dispose();
            _state = new AuthenticatedState(selected.BalId, selected.Until);
        }
    }

    private bool HasWaitingInput()
    {
        if (!_connection.Input.TryRead(out var result))
        {
            return false;
        }

        var waiting = !result.Buffer.IsEmpty;
        _connection.Input.AdvanceTo(result.Buffer.Start);
        return waiting;
    }
}
