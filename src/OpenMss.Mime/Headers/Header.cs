using System.Text;

namespace OpenMss.Mime.Headers;

/// <summary>
/// One header field as it stands in the message: offsets of the whole field (name to final line break), and of its
/// value. The raw bytes are the truth; the unfolded and decoded forms are computed on demand.
/// </summary>
public sealed class Header
{
    private readonly ReadOnlyMemory<byte> _message;
    private string? _unfolded;

    internal Header(ReadOnlyMemory<byte> message, string name, int start, int valueStart, int end)
    {
        _message = message;
        Name = name;
        Start = start;
        ValueStart = valueStart;
        End = end;
    }

    public string Name { get; }

    /// <summary>Offset of the first byte of the field name.</summary>
    public int Start { get; }

    /// <summary>Offset just after the colon.</summary>
    public int ValueStart { get; }

    /// <summary>Offset just after the field's last line break.</summary>
    public int End { get; }

    /// <summary>The whole field with its line breaks, exactly as in the message.</summary>
    public ReadOnlyMemory<byte> RawField => _message[Start..End];

    /// <summary>The value after the colon, folding and final line break included.</summary>
    public ReadOnlyMemory<byte> RawValue => _message[ValueStart..End];

    /// <summary>
    /// The value unfolded (line breaks removed, RFC 5322 §2.2.3) and trimmed, bytes read as UTF-8 where valid and
    /// as Latin-1 otherwise (raw 8-bit headers from old mailers), encoded words left as they are.
    /// </summary>
    public string Unfolded => _unfolded ??= Unfold(RawValue.Span);

    /// <summary>The value with RFC 2047 encoded words decoded: what a person should read.</summary>
    public string Text => EncodedWords.Decode(Unfolded);

    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Name}: {Unfolded}";

    internal static string Unfold(ReadOnlySpan<byte> raw)
    {
        Span<byte> buffer = raw.Length <= 512 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var length = 0;
        foreach (var b in raw)
        {
            if (b is not (byte)'\r' and not (byte)'\n')
            {
                buffer[length++] = b;
            }
        }

        // Trimmed as bytes, so that the usual blank after the colon costs no second string.
        return Charsets.DecodeHeaderBytes(buffer[..length].Trim(" \t"u8));
    }
}
