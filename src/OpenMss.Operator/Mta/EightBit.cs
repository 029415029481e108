namespace OpenMss.Operator.Mta;

/// <summary>Whether stored content has octets above 127: it then needs BODY=8BITMIME at the peer (RFC 6152).</summary>
internal static class EightBit
{
    public static async Task<bool> ScanAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (buffer.AsSpan(0, read).IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
