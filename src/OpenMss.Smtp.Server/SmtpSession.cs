using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using OpenMss.Net;
using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>
/// One SMTP submission connection: greeting, then command after command through the gate, until QUIT, a limit, a
/// timeout or the server stopping. Replies to pipelined commands are flushed once no complete command is waiting
/// (RFC 2920). The session owns its state; the Operator's interfaces decide who may do what.
/// </summary>
internal sealed partial class SmtpSession : IDisposable
{
    private readonly SubmissionFront _front;
    private readonly MailConnection _connection;
    private readonly SubmissionLimits _limits;
    private string? _clientName;
    private string? _identity;
    private Transaction? _transaction;
    private readonly SessionCounters _counters;
    private readonly SessionTranscript? _transcript;
    private bool _closing;

    private static readonly byte[] TooManyConnections = "421 4.7.0 Too many connections from your address, try again later.\r\n"u8.ToArray();

    private SmtpSession(SubmissionFront front, MailConnection connection)
    {
        _front = front;
        _connection = connection;
        _limits = front.Limits;
        _counters = new SessionCounters(_limits.Bounds);
        _transcript = SessionTranscript.Start(front.Logger, "SMTP", connection.ConnectionId);
    }

    public void Dispose() => _transaction?.Dispose();

    private bool IsMta => _front.Kind == FrontKind.Mta;

    /// <summary>A BAL authenticated on an API LPS front; on an MTA front, TLS on (the peer is judged at MAIL).</summary>
    private bool Authenticated => IsMta ? _connection.IsTls : _identity is not null;

    private SessionState State => new(_clientName is not null, _connection.IsTls, Authenticated, _transaction is not null, _transaction?.Recipients.Count ?? 0, _transaction?.Chunks is not null, IsMta);

    /// <summary>Kestrel's entry point for a listener of this front.</summary>
    public static Task RunAsync(SubmissionFront front, ConnectionContext context) =>
        MailSessionLifetime.RunAsync(context, "SMTP", front.Kind, front.Connections, front.Logger, TooManyConnections, async connection =>
        {
            using var session = new SmtpSession(front, connection);
            await session.RunAsync();
        });

    private async Task RunAsync()
    {
        await ReplyAsync(new SmtpReply(220, null, IsMta ? $"{_front.HostName} ESMTP OpenMSS MTA (MSSanté trust space)" : $"{_front.HostName} ESMTP OpenMSS API LPS submission ({(_front.Kind == FrontKind.Psc ? "PSC" : "AUTH_CLI")})"), flush: true);
        while (!_closing)
        {
            var (status, line) = await ReadLineAsync(_limits.MaxAuthLine);
            switch (status)
            {
                case ReadStatus.Closed:
                    return;
                case ReadStatus.TimedOut:
                    await ReplyAsync(new SmtpReply(421, "4.4.2", "Timeout waiting for a command, closing the connection."), flush: true);
                    return;
                case ReadStatus.Stopping:
                    await ReplyAsync(SmtpReplies.ShuttingDown, flush: true);
                    return;
                case ReadStatus.BareLineFeed:
                    await BadAsync(new SmtpReply(500, "5.5.2", "Syntax error: lines must end with CRLF."));
                    continue;
                case ReadStatus.TooLong:
                    await BadAsync(new SmtpReply(500, "5.5.2", "Line too long."));
                    continue;
            }

            _transcript?.Client(System.Text.Encoding.UTF8.GetString(line!));
            var command = line!.Length > _limits.MaxCommandLine && !IsAuthLine(line)
                ? new InvalidCommand("", new SmtpReply(500, "5.5.2", "Line too long."))
                : SmtpCommandParser.Parse(line);
            await HandleAsync(command);
        }
    }

    private async Task HandleAsync(SmtpCommand command)
    {
        if (!Authenticated && _counters.CommandBeforeAuth())
        {
            await CloseAsync(new SmtpReply(421, "4.7.0", "Too many commands before authentication, closing the connection."));
            return;
        }

        if (command is InvalidCommand invalid)
        {
            await BadAsync(invalid.Reply);
            return;
        }

        if (SmtpGate.Refusal(command, State) is { } refusal)
        {
            if (command is BdatCommand refusedChunk)
            {
                // The chunk follows whatever the answer: it must be read to stay in step (RFC 3030 §2).
                await DiscardChunkAsync(refusedChunk.Size);
            }

            await BadAsync(refusal);
            return;
        }

        switch (command)
        {
            case EhloCommand ehlo:
                await EhloAsync(ehlo);
                break;
            case SimpleCommand { Name: "STARTTLS" }:
                await StartTlsAsync();
                break;
            case AuthCommand auth:
                await AuthAsync(auth);
                break;
            case MailCommand mail:
                await MailAsync(mail);
                break;
            case RcptCommand rcpt:
                await RcptAsync(rcpt);
                break;
            case DataCommand:
                await DataAsync();
                break;
            case BdatCommand bdat:
                await BdatAsync(bdat);
                break;
            case SimpleCommand { Name: "RSET" }:
                ResetTransaction();
                await ReplyAsync(SmtpReplies.Ok);
                break;
            case SimpleCommand { Name: "NOOP" }:
                await ReplyAsync(SmtpReplies.Ok);
                break;
            case SimpleCommand { Name: "HELP" }:
                await ReplyAsync(new SmtpReply(214, "2.0.0", IsMta ? "OpenMSS MTA: see RFC 5321, RFC 3207 and RFC 3461." : "OpenMSS API LPS submission: see RFC 5321, RFC 3207 and RFC 4954."));
                break;
            case SimpleCommand { Name: "VRFY" }:
                await ReplyAsync(new SmtpReply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery."));
                break;
            case SimpleCommand { Name: "QUIT" }:
                await CloseAsync(new SmtpReply(221, "2.0.0", "Bye."));
                break;
        }
    }

    private async Task EhloAsync(EhloCommand ehlo)
    {
        ResetTransaction();
        _clientName = ehlo.Domain;
        if (!ehlo.Extended)
        {
            await ReplyAsync(new SmtpReply(250, null, $"{_front.HostName} Hello {ehlo.Domain}"));
            return;
        }

        var lines = new List<string>
        {
            $"{_front.HostName} Hello {ehlo.Domain}",
            "PIPELINING",
            $"SIZE {_limits.MaxMessageSize}",
            "8BITMIME",
            "ENHANCEDSTATUSCODES",
            "SMTPUTF8",
            "CHUNKING",
            "DSN",
        };
        if (!_connection.IsTls)
        {
            lines.Add("STARTTLS");
        }
        else if (_identity is null && !IsMta)
        {
            // Mechanisms only under TLS, and no password mechanism on either front.
            lines.Add(_front.Kind == FrontKind.Psc ? "AUTH XOAUTH2 OAUTHBEARER" : "AUTH PLAIN");
        }

        await ReplyAsync(new SmtpReply(250, null, lines));
    }

    /// <summary>RFC 3207 §4.2 and EXAMPLES.md's recipe: nothing may be buffered behind STARTTLS; everything known is forgotten after.</summary>
    private async Task StartTlsAsync()
    {
        if (_connection.HasBufferedInput())
        {
            await CloseAsync(new SmtpReply(554, "5.5.1", "Commands pipelined after STARTTLS are refused, closing the connection."));
            return;
        }

        await ReplyAsync(new SmtpReply(220, "2.0.0", "Ready to start TLS."), flush: true);
        if (!await _connection.StartTlsAsync(_front.Tls, requestClientCertificate: _front.Kind is FrontKind.AuthCli or FrontKind.Mta, _front.Stopping))
        {
            SmtpLog.TlsFailed(_front.Logger, _connection.ConnectionId);
            _closing = true;
            return;
        }

        _clientName = null;
        _identity = null;
        ResetTransaction();
    }

    private async Task BadAsync(SmtpReply reply)
    {
        if (_counters.BadCommand())
        {
            await CloseAsync(new SmtpReply(421, "4.7.0", "Too many errors, closing the connection."));
            return;
        }

        await ReplyAsync(reply);
    }

    private async Task CloseAsync(SmtpReply reply)
    {
        _closing = true;
        await ReplyAsync(reply, flush: true);
    }

    private void ResetTransaction()
    {
        _transaction?.Dispose();
        _transaction = null;
    }

    /// <summary>Writes a reply; it is flushed now, or with the next one when another pipelined command is already waiting.</summary>
    private async Task ReplyAsync(SmtpReply reply, bool flush = false)
    {
        _transcript?.Server(reply.ToString());
        reply.WriteTo(_connection.Output);
        if (flush || _closing || !HasCompleteLine())
        {
            await _connection.Output.FlushAsync();
        }
    }

    private static bool IsAuthLine(byte[] line) => line.Length >= 5 && Ascii.EqualsIgnoreCase(line.AsSpan(0, 5), "AUTH "u8);

    private sealed class Transaction(string sender, bool utf8, MessageSpool spool) : IDisposable
    {
        public string Sender { get; } = sender;

        public string? EnvId { get; init; }

        public string? Ret { get; init; }

        public bool Utf8 { get; } = utf8;

        public List<RecipientDecision> Recipients { get; } = [];

        public MessageSpool Spool { get; } = spool;

        /// <summary>Set once BDAT began.</summary>
        public MessageContentReader? Chunks { get; set; }

        public void Dispose() => Spool.Dispose();
    }
}
