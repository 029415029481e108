using System.Globalization;
using System.Text;

namespace OpenMss.Smtp.Client;

/// <summary>
/// Reads replies (RFC 5321 §4.2) from a stream, bounded: a line at most 2,048 octets, a reply at most 100 lines.
/// It reads into its own buffer, so it can tell when a server sent more than it was asked for (STARTTLS, RFC 3207 §5).
/// </summary>
internal sealed class ReplyReader(Stream stream)
{
    private const int MaxLine = 2048;
    private const int MaxLines = 100;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>True when bytes beyond the last reply are already buffered.</summary>
    public bool HasBuffered => _end > _start;

    public async Task<ClientReply> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 200 or > 599
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpClientException($"The server sent a line that is no SMTP reply: {Printable(line)}");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new ClientReply(code, string.Join(' ', lines)) { Lines = lines };
            }

            if (lines.Count >= MaxLines)
            {
                throw new SmtpClientException($"The server's reply is longer than {MaxLines} lines.");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                var line = Encoding.UTF8.GetString(_buffer, _start, length > 0 && _buffer[newline - 1] == '\r' ? length - 1 : length);
                _start = newline + 1;
                return line;
            }

            if (_end - _start >= MaxLine)
            {
                throw new SmtpClientException($"The server sent a line longer than {MaxLine} octets.");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            _end += read;
        }
    }

    private static string Printable(string line) => new([.. line.Take(80).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
