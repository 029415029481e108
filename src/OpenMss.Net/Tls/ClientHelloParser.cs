namespace OpenMss.Net.Tls;

/// <summary>
/// Reads the versions and cipher suites a client offers from the first TLS record it sends (RFC 8446 §4.1.2,
/// RFC 5246 §7.4.1.2). Bounded by the bytes given; anything malformed gives null, never an exception. The fronts read
/// it to choose their TLS options before the handshake; the conformance tool, to judge what an LPS offers.
/// </summary>
public static class ClientHelloParser
{
    public static ClientHelloFacts? Parse(ReadOnlySpan<byte> data)
    {
        // Record header: type 22 (handshake), version, length; then handshake header: type 1 (ClientHello), 3-byte length.
        if (data.Length < 9 || data[0] != 22 || data[5] != 1)
        {
            return null;
        }

        var recordLength = (data[3] << 8) | data[4];
        var body = data[5..];
        if (body.Length > recordLength)
        {
            body = body[..recordLength];
        }

        var reader = new SpanReader(body[4..]);
        if (!reader.Take(2, out var version) || !reader.Take(32, out _) || !reader.TakeVector(1, out _) || !reader.TakeVector(2, out var suites) || !reader.TakeVector(1, out _))
        {
            return null;
        }

        var cipherSuites = new List<int>();
        for (var i = 0; i + 1 < suites.Length; i += 2)
        {
            cipherSuites.Add((suites[i] << 8) | suites[i + 1]);
        }

        var supported = new List<int>();
        if (reader.TakeVector(2, out var extensions))
        {
            var extensionReader = new SpanReader(extensions);
            while (extensionReader.Take(2, out var type) && extensionReader.TakeVector(2, out var content))
            {
                // supported_versions (43): a 1-byte length then 2-byte versions.
                if (((type[0] << 8) | type[1]) == 43 && content.Length > 0)
                {
                    for (var i = 1; i + 1 < content.Length && i <= content[0]; i += 2)
                    {
                        supported.Add((content[i] << 8) | content[i + 1]);
                    }
                }
            }
        }

        var legacy = (version[0] << 8) | version[1];
        return new ClientHelloFacts(legacy, supported.Count > 0 ? supported : [legacy], cipherSuites);
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public bool Take(int count, out ReadOnlySpan<byte> taken)
        {
            if (_rest.Length < count)
            {
                taken = default;
                return false;
            }

            taken = _rest[..count];
            _rest = _rest[count..];
            return true;
        }

        public bool TakeVector(int lengthBytes, out ReadOnlySpan<byte> content)
        {
            content = default;
            if (!Take(lengthBytes, out var length))
            {
                return false;
            }

            var count = lengthBytes == 1 ? length[0] : (length[0] << 8) | length[1];
            return Take(count, out content);
        }
    }
}
