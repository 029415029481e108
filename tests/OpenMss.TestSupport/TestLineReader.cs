using System.Text;

namespace OpenMss.TestSupport;

/// <summary>
/// Line reading for the raw test clients: CRLF or LF lines, null once the server closed, a 30-second bound per
/// read. The stream is passed on each call because a client swaps it at STARTTLS.
/// </summary>
public sealed class TestLineReader(int chunk)
{
    private readonly List<byte> _pending = [];

    public async Task<string?> ReadLineAsync(Stream stream)
    {
        var buffer = new byte[chunk];
        while (true)
        {
            var index = _pending.IndexOf((byte)'\n');
            if (index >= 0)
            {
                var line = Encoding.UTF8.GetString([.. _pending.Take(index)]).TrimEnd('\r');
                _pending.RemoveRange(0, index + 1);
                return line;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }
}
