using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace OpenMss.Net.Sasl;

/// <summary>SASL responses on the wire: standard base64 with padding, "=" for an empty response (RFC 4954 §4, RFC 4959).</summary>
public static class SaslBase64
{
    /// <returns>The decoded bytes, or null when the text is not base64.</returns>
    public static byte[]? Decode(string text)
    {
        if (text == "=")
        {
            return [];
        }

        var bytes = Encoding.ASCII.GetBytes(text);
        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(bytes.Length)];
        return Base64.DecodeFromUtf8(bytes, output, out _, out var written) == OperationStatus.Done ? output[..written] : null;
    }
}
