using System.Net;

namespace OpenMss.Load;

/// <summary>An SMTP submission client: greeting, EHLO, STARTTLS, EHLO, AUTH with SASL-IR, then transactions.</summary>
internal sealed class SmtpLoadClient : ILoadClient
{
    private readonly LineConnection _connection;

    private SmtpLoadClient(LineConnection connection) => _connection = connection;

    /// <summary>Connects and secures the session; authentication is separate so it can be timed alone.</summary>
    public static async Task<SmtpLoadClient> ConnectAsync(IPEndPoint server, string host, Credentials credentials, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new SmtpLoadClient(await LineConnection.OpenAsync(server, timeout, cancellationToken));
        try
        {
            await client.ExpectAsync(220, "greeting", cancellationToken);
            await client.CommandAsync("EHLO load.openmss.test", 250, cancellationToken);
            await client.CommandAsync("STARTTLS", 220, cancellationToken);
            await client._connection.StartTlsAsync(credentials.TlsOptions(host), cancellationToken);
            await client.CommandAsync("EHLO load.openmss.test", 250, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task AuthenticateAsync(string mechanism, string initialResponse, CancellationToken cancellationToken)
    {
        await _connection.WriteLineAsync($"AUTH {mechanism} {initialResponse}", cancellationToken);
        var (code, text) = await ReadReplyAsync(cancellationToken);
        if (code == 334)
        {
            // XOAUTH2 failure: the server sends its error as a challenge and waits for an empty response.
            await _connection.WriteLineAsync("", cancellationToken);
            (code, text) = await ReadReplyAsync(cancellationToken);
        }

        if (code != 235)
        {
            throw new LoadException(ErrorKind.Auth, $"AUTH answered {code} {text}");
        }
    }

    /// <summary>One transaction; returns once the server acknowledged the message with 250.</summary>
    public async Task SendAsync(string from, string to, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await CommandAsync($"MAIL FROM:<{from}> SIZE={message.Length}", 250, cancellationToken);
        await CommandAsync($"RCPT TO:<{to}>", 250, cancellationToken);
        await CommandAsync("DATA", 354, cancellationToken);
        await _connection.WriteAsync(message, cancellationToken);
        await _connection.WriteLineAsync(".", cancellationToken);
        await ExpectAsync(250, "end of data", cancellationToken);
    }

    public async Task EndAsync(CancellationToken cancellationToken) => await CommandAsync("QUIT", 221, cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task CommandAsync(string command, int expected, CancellationToken cancellationToken)
    {
        await _connection.WriteLineAsync(command, cancellationToken);
        await ExpectAsync(expected, command.Split(' ')[0], cancellationToken);
    }

    private async Task ExpectAsync(int expected, string what, CancellationToken cancellationToken)
    {
        var (code, text) = await ReadReplyAsync(cancellationToken);
        if (code != expected)
        {
            throw new LoadException(code >= 500 ? ErrorKind.Rejected : code >= 400 ? ErrorKind.Deferred : ErrorKind.Protocol, $"{what} answered {code} {text}");
        }
    }

    /// <summary>A reply, multi-line or not: its code and last line's text.</summary>
    private async Task<(int Code, string Text)> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _connection.ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new LoadException(ErrorKind.Protocol, $"Not an SMTP reply: {line}");
            }

            if (line.Length == 3 || line[3] != '-')
            {
                return (code, line.Length > 4 ? line[4..] : "");
            }
        }
    }
}
