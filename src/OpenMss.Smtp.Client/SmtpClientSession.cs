using System.Globalization;
using System.Net.Security;
using System.Text;
using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Client;

/// <summary>
/// One SMTP session as a relaying client (RFC 5321): greeting, EHLO, STARTTLS (RFC 3207), then transactions that
/// send stored messages byte for byte, MAIL and RCPTs pipelined when offered (RFC 2920), the content with BDAT when
/// CHUNKING is offered (RFC 3030) or DATA with dot-stuffing, with SIZE (RFC 1870), BODY=8BITMIME (RFC 6152),
/// SMTPUTF8 (RFC 6531) and DSN parameters (RFC 3461). Every wait is bounded by the caller's token and the timeout.
/// </summary>
public sealed class SmtpClientSession : IAsyncDisposable
{
    private readonly string _clientName;
    private readonly TimeSpan _timeout;
    private Stream _stream;
    private ReplyReader _replies;
    private HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase);

    private SmtpClientSession(Stream stream, string clientName, TimeSpan timeout)
    {
        _stream = stream;
        _replies = new ReplyReader(stream);
        _clientName = clientName;
        _timeout = timeout;
    }

    /// <summary>Whether the session may still carry a transaction (no network or protocol failure so far).</summary>
    public bool IsConnected { get; private set; } = true;

    public bool IsTls => _stream is SslStream;

    /// <summary>The extension keywords of the last EHLO answer (upper case, without parameters).</summary>
    public IReadOnlyCollection<string> Extensions => _extensions;

    /// <summary>Reads the greeting and says EHLO.</summary>
    /// <exception cref="SmtpClientException">The greeting or EHLO was refused: the message holds the reply.</exception>
    public static async Task<SmtpClientSession> OpenAsync(Stream stream, string clientName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var session = new SmtpClientSession(stream, clientName, timeout);
        var greeting = await session.ReadAsync(cancellationToken);
        if (greeting.Code != 220)
        {
            throw new SmtpClientException($"The server answered {greeting}.") { Reply = greeting };
        }

        await session.EhloAsync(cancellationToken);
        return session;
    }

    /// <summary>STARTTLS, the handshake with <paramref name="options"/>, and EHLO again (what was known before TLS is forgotten).</summary>
    public async Task StartTlsAsync(SslClientAuthenticationOptions options, CancellationToken cancellationToken)
    {
        var reply = await CommandAsync("STARTTLS", cancellationToken);
        if (reply.Code != 220)
        {
            throw new SmtpClientException($"The server answered {reply}.") { Reply = reply };
        }

        if (_replies.HasBuffered)
        {
            // RFC 3207 §5: anything the server sent after its 220 could be an attacker's, in clear.
            IsConnected = false;
            throw new SmtpClientException("The server sent data after its STARTTLS answer, before the TLS handshake.");
        }

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        using (var deadline = Deadline(cancellationToken))
        {
            await tls.AuthenticateAsClientAsync(options, deadline.Token);
        }

        _stream = tls;
        _replies = new ReplyReader(tls);
        await EhloAsync(cancellationToken);
    }

    /// <summary>
    /// One transaction: MAIL, every RCPT, and the content (<paramref name="length"/> octets of <paramref name="content"/>,
    /// CRLF lines) when at least one recipient was accepted; RSET when none was.
    /// </summary>
    public async Task<TransactionReplies> SendAsync(ClientEnvelope envelope, Stream content, long length, bool eightBit, CancellationToken cancellationToken)
    {
        var utf8 = !Ascii.IsValid(envelope.Sender) || envelope.Recipients.Any(r => !Ascii.IsValid(r.Address));
        var mail = new StringBuilder($"MAIL FROM:<{envelope.Sender}>");
        if (Has("SIZE"))
        {
            mail.Append(CultureInfo.InvariantCulture, $" SIZE={length}");
        }

        if (eightBit && Has("8BITMIME"))
        {
            mail.Append(" BODY=8BITMIME");
        }

        if (utf8 && Has("SMTPUTF8"))
        {
            mail.Append(" SMTPUTF8");
        }

        var dsn = Has("DSN");
        if (dsn && envelope.Ret is { } ret)
        {
            mail.Append(CultureInfo.InvariantCulture, $" RET={ret}");
        }

        if (dsn && envelope.EnvId is { } envId)
        {
            mail.Append(CultureInfo.InvariantCulture, $" ENVID={XText.Encode(envId)}");
        }

        var commands = new List<string> { mail.ToString() };
        foreach (var recipient in envelope.Recipients)
        {
            var rcpt = new StringBuilder($"RCPT TO:<{recipient.Address}>");
            if (dsn && recipient.Notify is { } notify)
            {
                rcpt.Append(CultureInfo.InvariantCulture, $" NOTIFY={notify}");
            }

            if (dsn && recipient.Orcpt is { } orcpt && orcpt.IndexOf(';', StringComparison.Ordinal) is > 0 and var semicolon)
            {
                rcpt.Append(CultureInfo.InvariantCulture, $" ORCPT={orcpt[..semicolon]};{XText.Encode(orcpt[(semicolon + 1)..])}");
            }

            commands.Add(rcpt.ToString());
        }

        var replies = new List<ClientReply>();
        if (Has("PIPELINING"))
        {
            await WriteAsync(string.Concat(commands.Select(c => c + "\r\n")), cancellationToken);
            foreach (var _ in commands)
            {
                replies.Add(await ReadAsync(cancellationToken));
            }
        }
        else
        {
            foreach (var command in commands)
            {
                replies.Add(await CommandAsync(command, cancellationToken));
                if (replies.Count == 1 && !replies[0].IsPositive)
                {
                    break;
                }
            }
        }

        var recipients = replies.Skip(1).ToList();
        if (!replies[0].IsPositive || !recipients.Any(r => r.IsPositive))
        {
            await CommandAsync("RSET", cancellationToken);
            return new TransactionReplies(replies[0], recipients, null);
        }

        var data = Has("CHUNKING") ? await BdatAsync(content, length, cancellationToken) : await DataAsync(content, cancellationToken);
        return new TransactionReplies(replies[0], recipients, data);
    }

    public async Task<bool> NoOpAsync(CancellationToken cancellationToken) => (await CommandAsync("NOOP", cancellationToken)).Code == 250;

    /// <summary>QUIT, and closes the stream whatever the server says.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await CommandAsync("QUIT", quick.Token);
            }
        }
        catch (Exception e) when (e is IOException or SmtpClientException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing anyway.
        }
        finally
        {
            IsConnected = false;
            await _stream.DisposeAsync();
        }
    }

    private bool Has(string extension) => _extensions.Contains(extension);

    private async Task EhloAsync(CancellationToken cancellationToken)
    {
        var reply = await CommandAsync($"EHLO {_clientName}", cancellationToken);
        if (reply.Code != 250)
        {
            throw new SmtpClientException($"The server answered {reply}.") { Reply = reply };
        }

        _extensions = new HashSet<string>(reply.Lines.Skip(1).Select(l => l.Split(' ', 2)[0].ToUpperInvariant()), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>RFC 3030: the whole message as one last chunk, its octets as they are.</summary>
    private async Task<ClientReply> BdatAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        await WriteAsync(string.Create(CultureInfo.InvariantCulture, $"BDAT {length} LAST\r\n"), cancellationToken, flush: false);
        using (var deadline = Deadline(cancellationToken))
        {
            await Guard(async () =>
            {
                await content.CopyToAsync(_stream, deadline.Token);
                await _stream.FlushAsync(deadline.Token);
            });
        }

        return await ReadAsync(cancellationToken);
    }

    /// <summary>RFC 5321 §4.5.2: DATA, the lines with a leading dot doubled, then the lone dot.</summary>
    private async Task<ClientReply> DataAsync(Stream content, CancellationToken cancellationToken)
    {
        var go = await CommandAsync("DATA", cancellationToken);
        if (go.Code != 354)
        {
            return go;
        }

        using var deadline = Deadline(cancellationToken);
        await Guard(async () =>
        {
            var buffer = new byte[64 * 1024];
            var output = new MemoryStream();
            var atLineStart = true;
            var lastByte = (byte)'\n';
            int read;
            while ((read = await content.ReadAsync(buffer, deadline.Token)) > 0)
            {
                output.SetLength(0);
                for (var i = 0; i < read; i++)
                {
                    if (atLineStart && buffer[i] == '.')
                    {
                        output.WriteByte((byte)'.');
                    }

                    output.WriteByte(buffer[i]);
                    atLineStart = buffer[i] == '\n';
                    lastByte = buffer[i];
                }

                await _stream.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), deadline.Token);
            }

            await _stream.WriteAsync(Encoding.ASCII.GetBytes(lastByte == '\n' ? ".\r\n" : "\r\n.\r\n"), deadline.Token);
            await _stream.FlushAsync(deadline.Token);
        });
        return await ReadAsync(cancellationToken);
    }

    private async Task<ClientReply> CommandAsync(string line, CancellationToken cancellationToken)
    {
        await WriteAsync(line + "\r\n", cancellationToken);
        return await ReadAsync(cancellationToken);
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken, bool flush = true)
    {
        using var deadline = Deadline(cancellationToken);
        await Guard(async () =>
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), deadline.Token);
            if (flush)
            {
                await _stream.FlushAsync(deadline.Token);
            }
        });
    }

    private async Task<ClientReply> ReadAsync(CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        ClientReply? reply = null;
        await Guard(async () => reply = await _replies.ReadAsync(deadline.Token));
        return reply!;
    }

    /// <summary>A network or protocol failure ends the session's usefulness: it is marked, then the failure goes on.</summary>
    private async Task Guard(Func<Task> io)
    {
        try
        {
            await io();
        }
        catch (Exception e) when (e is IOException or SmtpClientException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            IsConnected = false;
            throw;
        }
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(_timeout);
        return source;
    }
}

