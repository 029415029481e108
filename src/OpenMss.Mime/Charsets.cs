using System.Text;
using System.Text.Unicode;

namespace OpenMss.Mime;

/// <summary>Charsets by MIME name, legacy code pages included (windows-1252, iso-8859-15, …).</summary>
public static class Charsets
{
    static Charsets()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The encoding for a MIME charset name, or null when the runtime does not know it.</summary>
    public static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var key = name.Trim().Trim('"').ToLowerInvariant();
        key = key switch
        {
            "utf8" => "utf-8",
            "latin-1" or "latin_1" => "iso-8859-1",
            "ascii" or "ansi_x3.4-1968" => "us-ascii",
            "cp1252" => "windows-1252",
            _ => key,
        };
        try
        {
            return Encoding.GetEncoding(key, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null; // unknown, or known but disabled (UTF-7 is, since .NET 5): found by fuzzing
        }
    }

    /// <summary>Text of raw header bytes: UTF-8 when they are valid UTF-8 (RFC 6532), else Latin-1 (old 8-bit mailers).</summary>
    public static string DecodeHeaderBytes(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
