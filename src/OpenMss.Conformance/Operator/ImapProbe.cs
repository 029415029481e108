using System.Net;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Operator;

/// <summary>An IMAP connection driven by hand: greeting, tagged commands, STARTTLS, AUTHENTICATE with any payload.</summary>
public sealed class ImapProbe : Probe
{
    private int _tag;

    private ImapProbe(System.Net.Sockets.TcpClient client, RecordedSession session, string host)
        : base(client, session, host)
    {
    }

    public string? Greeting { get; private set; }

    public static async Task<ImapProbe> ConnectAsync(string name, DnsEndPoint endpoint, ObservationLog log, CancellationToken cancellationToken)
    {
        var (client, session) = await OpenAsync(name, WireProtocol.Imap, endpoint, log, cancellationToken);
        var probe = new ImapProbe(client, session, endpoint.Host);
        probe.Greeting = await probe.ReadLineAsync(cancellationToken);
        return probe;
    }

    public string NextTag() => $"p{++_tag}";

    /// <summary>Sends a command and reads up to its tagged answer (the last line); null when the server closed first.</summary>
    /// <param name="shown">What the transcript shows instead of the command (a redacted token).</param>
    /// <param name="continuation">The line to send after a "+" continuation (an XOAUTH2 error challenge is answered with an empty line).</param>
    public async Task<(IReadOnlyList<string> Lines, string? Tagged)> CommandAsync(string command, CancellationToken cancellationToken, string? shown = null, string continuation = "")
    {
        var tag = NextTag();
        await SendAsync($"{tag} {command}", shown is null ? null : $"{tag} {shown}", cancellationToken);
        var lines = new List<string>();
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return (lines, line);
            }

            if (line.StartsWith('+'))
            {
                await SendAsync(continuation, continuation.Length == 0 ? null : "<continuation redacted>", cancellationToken);
            }
        }

        return (lines, null);
    }

    /// <summary>RFC 5530 code of a tagged answer (<c>p3 NO [AUTHENTICATIONFAILED] ...</c> gives AUTHENTICATIONFAILED), or null.</summary>
    public static string? Code(string? tagged)
    {
        var open = tagged?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        var close = open < 0 ? -1 : tagged!.IndexOf(']', open);
        return close > open ? tagged![(open + 1)..close].Split(' ')[0] : null;
    }

    public static bool IsOk(string? tagged) => tagged is not null && tagged.Split(' ', 3) is [_, var status, ..] && status.Equals("OK", StringComparison.OrdinalIgnoreCase);
}
