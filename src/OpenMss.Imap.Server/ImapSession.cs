using OpenMss.Imap.Protocol.Responses;
using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Connections;
using OpenMss.Imap.Protocol;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Net;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>
/// One IMAP connection of the API LPS: greeting, then request after request through the receiver (literals
/// acknowledged with "+"), the gate, and the command's handler, until LOGOUT, a limit, a timeout, the end of the
/// authenticated session's lifetime, or the server stopping.
/// </summary>
internal sealed partial class ImapSession : IDisposable
{
    private readonly ImapFront _front;
    private readonly MailConnection _connection;
    private readonly ImapReceiver _receiver;
    private long? _balId;
    private DateTimeOffset _authenticatedUntil;
    private int _commandsBeforeAuth;
    private int _authFailures;
    private int _badCommands;
    private bool _closing;
    private bool _idling;

    private static readonly byte[] TooManyConnections = "* BYE [UNAVAILABLE] Too many connections from your address.\r\n"u8.ToArray();

    private ImapSession(ImapFront front, MailConnection connection)
    {
        _front = front;
        _connection = connection;
        _receiver = new ImapReceiver(front.Limits.Grammar);
    }

    private SessionState State => _selected is not null ? SessionState.Selected : _balId is not null ? SessionState.Authenticated : SessionState.NotAuthenticated;

    public static Task RunAsync(ImapFront front, ConnectionContext context) =>
        MailSessionLifetime.RunAsync(context, "IMAP", front.Kind, front.Connections, front.Logger, TooManyConnections, async connection =>
        {
            using var session = new ImapSession(front, connection);
            await session.RunAsync();
        });

    public void Dispose() => _selected?.Dispose();

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

            if (_balId is not null && _front.Clock.GetUtcNow() >= _authenticatedUntil)
            {
                // spec §13 #2: the client reopens with a fresh token.
                await ByeAsync("The session reached its maximum lifetime: reconnect with a fresh token.", ResponseCode.Expired);
                return;
            }

            ImapCommand command;
            try
            {
                command = ImapCommandParser.Parse(request!);
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
        if (_balId is null && ++_commandsBeforeAuth > _front.Limits.MaxCommandsBeforeAuth)
        {
            await ByeAsync("Too many commands before authentication.");
            return;
        }

        if (CommandGate.Refusal(command, State, _connection.IsTls) is { } refusal)
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

    private Task DispatchAsync(ImapCommand command) => command switch
    {
        SimpleCommand { Verb: "CAPABILITY" } c => CapabilityAsync(c.Tag),
        SimpleCommand { Verb: "NOOP" or "CHECK" } c => NoopAsync(c.Tag, c.Verb),
        SimpleCommand { Verb: "LOGOUT" } c => LogoutAsync(c.Tag),
        SimpleCommand { Verb: "STARTTLS" } c => StartTlsAsync(c.Tag),
        SimpleCommand { Verb: "NAMESPACE" } c => NamespaceAsync(c.Tag),
        AuthenticateCommand c => AuthenticateAsync(c),
        LoginCommand c => TaggedAsync(c.Tag, ImapStatus.No, ResponseCode.PrivacyRequired, "LOGIN is disabled: authenticate with XOAUTH2 (PSC) or PLAIN with a client certificate."),
        IdCommand c => IdAsync(c.Tag),
        EnableCommand c => EnableAsync(c.Tag),
        SimpleCommand { Verb: "CLOSE" or "UNSELECT" } c => CloseAsync(c.Tag, expunge: c.Verb == "CLOSE"),
        SimpleCommand { Verb: "EXPUNGE" } c => ExpungeAsync(c.Tag, null),
        SelectCommand c => SelectAsync(c),
        FetchCommand c => FetchAsync(c),
        StoreCommand c => StoreAsync(c),
        UidExpungeCommand c => ExpungeAsync(c.Tag, c.Set),
        SearchCommand c => SearchAsync(c),
        SimpleCommand { Verb: "IDLE" } c => IdleAsync(c.Tag),
        CopyCommand c => CopyAsync(c),
        AppendCommand c => AppendAsync(c),
        ListCommand c => ListAsync(c),
        StatusCommand c => StatusAsync(c),
        MailboxCommand c => MailboxAsync(c),
        RenameCommand c => RenameAsync(c),
        _ => BadAsync(command.Tag, null, $"{command.Name} is not implemented yet."),
    };

    private string Capabilities()
    {
        var list = new List<string> { "IMAP4rev1", "LITERAL+", "SASL-IR", "ID", "ENABLE" };
        if (!_connection.IsTls)
        {
            list.Add("STARTTLS");
            list.Add("LOGINDISABLED");
        }
        else if (_balId is null)
        {
            list.Add("LOGINDISABLED");
            list.AddRange(_front.Kind == FrontKind.Psc ? ["AUTH=XOAUTH2", "AUTH=OAUTHBEARER"] : ["AUTH=PLAIN"]);
        }
        else
        {
            list.AddRange(["NAMESPACE", "CHILDREN", "SPECIAL-USE", "UNSELECT", "UIDPLUS", "MOVE", "IDLE"]);
        }

        return string.Join(' ', list);
    }

    private async Task CapabilityAsync(string tag)
    {
        await WriteAsync($"* CAPABILITY {Capabilities()}\r\n");
        await OkAsync(tag, "CAPABILITY completed.");
    }

    private async Task NoopAsync(string tag, string verb)
    {
        await SyncAsync(allowExpunge: true);
        await OkAsync(tag, $"{verb} completed.");
    }

    private async Task LogoutAsync(string tag)
    {
        await WriteAsync("* BYE Logging out.\r\n");
        await OkAsync(tag, "LOGOUT completed.");
        _closing = true;
        await _connection.Output.FlushAsync();
    }

    private async Task NamespaceAsync(string tag)
    {
        await WriteAsync($"* NAMESPACE ((\"\" \"{Folder.HierarchyDelimiter}\")) NIL NIL\r\n");
        await OkAsync(tag, "NAMESPACE completed.");
    }

    private async Task IdAsync(string tag)
    {
        await WriteAsync("* ID (\"name\" \"OpenMSS\" \"vendor\" \"OpenMSS\" \"support-url\" \"https://github.com/openmss\")\r\n");
        await OkAsync(tag, "ID completed.");
    }

    /// <summary>No extension needs enabling here (no CONDSTORE or UTF8=ACCEPT yet): ENABLE answers with none.</summary>
    private async Task EnableAsync(string tag)
    {
        await WriteAsync("* ENABLED\r\n");
        await OkAsync(tag, "ENABLE completed.");
    }

    /// <summary>RFC 3501 §6.2.1 and EXAMPLES.md's recipe: nothing may be buffered behind STARTTLS; state is forgotten after.</summary>
    private async Task StartTlsAsync(string tag)
    {
        if (_connection.HasBufferedInput())
        {
            await BadAsync(tag, null, "Commands pipelined after STARTTLS are refused.");
            await ByeAsync("Closing after a STARTTLS with pipelined data.");
            return;
        }

        await OkAsync(tag, "Begin TLS negotiation now.", flush: true);
        if (!await _connection.StartTlsAsync(_front.Tls, requestClientCertificate: _front.Kind == FrontKind.AuthCli, _front.Stopping))
        {
            ImapLog.TlsFailed(_front.Logger, _connection.ConnectionId);
            _closing = true;
        }
    }

    private async Task BadAsync(string tag, ResponseCode? code, string text)
    {
        await TaggedAsync(tag, ImapStatus.Bad, code, text);
        if (++_badCommands > _front.Limits.MaxBadCommands)
        {
            await ByeAsync("Too many errors.");
        }
    }

    private Task OkAsync(string tag, string text, ResponseCode? code = null, string? arguments = null, bool flush = false) =>
        RespondAsync(StatusResponse.Ok(tag, text, code, arguments), flush);

    private Task TaggedAsync(string tag, ImapStatus status, ResponseCode? code, string text, string? arguments = null) =>
        RespondAsync(new StatusResponse(tag, status, text, code, arguments));

    private Task RespondAsync(StatusResponse response, bool flush = false) => WriteAsync(response.ToString(), flush);

    private async Task ByeAsync(string text, ResponseCode? code = null)
    {
        _closing = true;
        await RespondAsync(StatusResponse.Bye(text, code), flush: true);
    }

    /// <summary>Writes response text; flushed at once when asked, or when no further request is already waiting.</summary>
    private async Task WriteAsync(string text, bool flush = false)
    {
        _connection.Output.Write(Encoding.UTF8.GetBytes(text));
        if (flush || _closing || _idling || !HasWaitingInput())
        {
            await _connection.Output.FlushAsync();
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

internal enum SessionState
{
    NotAuthenticated,
    Authenticated,
    Selected,
}
