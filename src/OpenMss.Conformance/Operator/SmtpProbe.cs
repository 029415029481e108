using System.Net;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Operator;

/// <summary>An SMTP submission connection driven by hand: replies read whole (multi-line), any command sent.</summary>
public sealed class SmtpProbe : Probe
{
    private SmtpProbe(System.Net.Sockets.TcpClient client, RecordedSession session, string host)
        : base(client, session, host)
    {
    }

    public static async Task<(SmtpProbe Probe, Reply? Greeting)> ConnectAsync(string name, DnsEndPoint endpoint, ObservationLog log, CancellationToken cancellationToken)
    {
        var (client, session) = await OpenAsync(name, WireProtocol.Smtp, endpoint, log, cancellationToken);
        var probe = new SmtpProbe(client, session, endpoint.Host);
        return (probe, await probe.ReplyAsync(cancellationToken));
    }

    public async Task<Reply?> CommandAsync(string command, CancellationToken cancellationToken, string? shown = null)
    {
        await SendAsync(command, shown, cancellationToken);
        return await ReplyAsync(cancellationToken);
    }

    /// <summary>One reply, all its lines; null when the server closed first.</summary>
    public async Task<Reply?> ReplyAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(cancellationToken, timeout) is { } line)
        {
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return new Reply(int.TryParse(line.AsSpan(0, Math.Min(3, line.Length)), out var code) ? code : 0, lines);
            }
        }

        return null;
    }

    /// <summary>A reply: its code and lines (the enhanced code is the second word of the last line).</summary>
    public sealed record Reply(int Code, IReadOnlyList<string> Lines)
    {
        public string Enhanced => Lines[^1].Length > 4 ? Lines[^1][4..].Split(' ')[0] : "";

        public bool Has(string keyword) => Lines.Any(l => l.Length > 4 && l[4..].Split(' ')[0].Equals(keyword, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => Lines[^1];
    }
}
