using System.Globalization;
using System.Net;

namespace OpenMss.Load;

/// <summary>An IMAP4rev1/rev2 client: STARTTLS, AUTHENTICATE with SASL-IR, SELECT, FETCH, IDLE, LOGOUT.</summary>
internal sealed class ImapLoadClient : ILoadClient
{
    private readonly LineConnection _connection;
    private int _tag;

    private ImapLoadClient(LineConnection connection) => _connection = connection;

    public static async Task<ImapLoadClient> ConnectAsync(IPEndPoint server, string host, Credentials credentials, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new ImapLoadClient(await LineConnection.OpenAsync(server, timeout, cancellationToken));
        try
        {
            var greeting = await client._connection.ReadLineAsync(cancellationToken);
            if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase))
            {
                throw new LoadException(ErrorKind.Rejected, $"greeting: {greeting}");
            }

            await client.ExecuteAsync("STARTTLS", cancellationToken);
            await client._connection.StartTlsAsync(credentials.TlsOptions(host), cancellationToken);
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
        var tag = NextTag();
        await _connection.WriteLineAsync($"{tag} AUTHENTICATE {mechanism} {initialResponse}", cancellationToken);
        while (true)
        {
            var line = await _connection.ReadLineAsync(cancellationToken);
            if (line.StartsWith('+'))
            {
                // XOAUTH2 failure: the error comes as a challenge; an empty response ends the exchange.
                await _connection.WriteLineAsync("", cancellationToken);
            }
            else if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                if (!line.AsSpan(tag.Length + 1).StartsWith("OK", StringComparison.OrdinalIgnoreCase))
                {
                    throw new LoadException(ErrorKind.Auth, line);
                }

                return;
            }
        }
    }

    /// <summary>SELECT; returns the number of messages (EXISTS).</summary>
    public async Task<int> SelectAsync(string mailbox, CancellationToken cancellationToken)
    {
        var exists = 0;
        await ExecuteAsync($"SELECT \"{mailbox}\"", cancellationToken, line =>
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[2].Equals("EXISTS", StringComparison.OrdinalIgnoreCase))
            {
                exists = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        });
        return exists;
    }

    /// <summary>Runs a command to its tagged OK, reading literals as counted bytes; returns the untagged responses seen.</summary>
    public async Task<int> ExecuteAsync(string command, CancellationToken cancellationToken, Action<string>? untagged = null)
    {
        var tag = NextTag();
        await _connection.WriteLineAsync($"{tag} {command}", cancellationToken);
        var responses = 0;
        while (true)
        {
            var line = await ReadResponseLineAsync(cancellationToken);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                if (!line.AsSpan(tag.Length + 1).StartsWith("OK", StringComparison.OrdinalIgnoreCase))
                {
                    throw new LoadException(ErrorKind.Rejected, $"{command.Split(' ')[0]}: {line}");
                }

                return responses;
            }

            responses++;
            untagged?.Invoke(line);
        }
    }

    /// <summary>Enters IDLE; returns once the server sent its continuation.</summary>
    public async Task<string> IdleAsync(CancellationToken cancellationToken)
    {
        var tag = NextTag();
        await _connection.WriteLineAsync($"{tag} IDLE", cancellationToken);
        while (true)
        {
            var line = await ReadResponseLineAsync(cancellationToken);
            if (line.StartsWith('+'))
            {
                return tag;
            }

            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                throw new LoadException(ErrorKind.Rejected, $"IDLE: {line}");
            }
        }
    }

    public async Task DoneAsync(string tag, CancellationToken cancellationToken)
    {
        await _connection.WriteLineAsync("DONE", cancellationToken);
        while (!(await ReadResponseLineAsync(cancellationToken)).StartsWith(tag + " ", StringComparison.Ordinal))
        {
        }
    }

    public async Task EndAsync(CancellationToken cancellationToken) => await ExecuteAsync("LOGOUT", cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>A response line with any literals it carries skipped, so the caller sees one logical line.</summary>
    private async Task<string> ReadResponseLineAsync(CancellationToken cancellationToken)
    {
        var line = await _connection.ReadLineAsync(cancellationToken);
        while (LiteralSize(line) is { } size)
        {
            await _connection.SkipAsync(size, cancellationToken);
            line += " " + await _connection.ReadLineAsync(cancellationToken);
        }

        return line;
    }

    private static long? LiteralSize(string line)
    {
        if (!line.EndsWith('}'))
        {
            return null;
        }

        var open = line.LastIndexOf('{');
        return open >= 0 && long.TryParse(line.AsSpan(open + 1, line.Length - open - 2).TrimEnd('+'), CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    private string NextTag() => "L" + (++_tag).ToString(CultureInfo.InvariantCulture);
}
