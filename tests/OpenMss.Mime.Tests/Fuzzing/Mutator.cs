using System.Text;

namespace OpenMss.Mime.Tests.Fuzzing;

/// <summary>Makes hostile variants of a seed message; the same seed and random state give the same variant.</summary>
internal static class Mutator
{
    private static readonly byte[] Structural = "-\r\n:;=\"\\ \t()<>@,=?BQ*'%boundary"u8.ToArray();

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var data = seed;
        var rounds = random.Next(1, 4);
        for (var i = 0; i < rounds; i++)
        {
            data = random.Next(11) switch
            {
                0 => data[..random.Next(data.Length + 1)],
                1 => Flip(data, random),
                2 => Structure(data, random),
                3 => DeleteRange(data, random),
                4 => DuplicateRange(data, random),
                5 => DamageBoundaries(data, random),
                6 => HeaderFlood(data, random),
                7 => LongLine(data, random),
                8 => DeepNesting(random),
                9 => RandomBytes(random),
                _ => Splice(data, random),
            };
        }

        return data;
    }

    private static byte[] Flip(byte[] data, Random random)
    {
        var copy = (byte[])data.Clone();
        for (var n = random.Next(1, 16); n > 0 && copy.Length > 0; n--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    // The alphabet of the grammar reaches deep paths sooner than random bytes do.
    private static byte[] Structure(byte[] data, Random random)
    {
        var copy = (byte[])data.Clone();
        for (var n = random.Next(1, 32); n > 0 && copy.Length > 0; n--)
        {
            copy[random.Next(copy.Length)] = Structural[random.Next(Structural.Length)];
        }

        return copy;
    }

    private static byte[] DeleteRange(byte[] data, Random random)
    {
        if (data.Length == 0)
        {
            return data;
        }

        var start = random.Next(data.Length);
        var length = random.Next(Math.Min(data.Length - start, 2000) + 1);
        return [.. data[..start], .. data[(start + length)..]];
    }

    private static byte[] DuplicateRange(byte[] data, Random random)
    {
        if (data.Length == 0 || data.Length > 4_000_000)
        {
            return data;
        }

        var start = random.Next(data.Length);
        var length = random.Next(Math.Min(data.Length - start, 5000) + 1);
        var times = random.Next(1, 50);
        var insert = Enumerable.Repeat(data[start..(start + length)], times).SelectMany(x => x);
        return [.. data[..start], .. insert, .. data[start..]];
    }

    private static byte[] DamageBoundaries(byte[] data, Random random)
    {
        var text = Encoding.Latin1.GetString(data);
        text = random.Next(4) switch
        {
            0 => text.Replace("--\r\n", "-\r\n", StringComparison.Ordinal),
            1 => text.Replace("boundary=\"", "boundary=\"x", StringComparison.Ordinal),
            2 => text.Replace("\r\n--", "\r\n --", StringComparison.Ordinal),
            _ => text.Replace("\n--", "\n--\n--", StringComparison.Ordinal),
        };
        return Encoding.Latin1.GetBytes(text);
    }

    private static byte[] HeaderFlood(byte[] data, Random random)
    {
        var flood = new StringBuilder();
        var count = random.Next(100, 5000);
        for (var i = 0; i < count; i++)
        {
            flood.Append(random.Next(3) switch
            {
                0 => $"X-Flood-{i}: {new string('v', random.Next(200))}\r\n",
                1 => $"To: a{i}@x.test, \"b,{i}\" <b@x.test>, g:c@x.test;\r\n",
                _ => $"Subject: =?utf-8?q?{new string('=', random.Next(100))}?= =?x?B?{new string('/', random.Next(50))}\r\n",
            });
        }

        return [.. Encoding.ASCII.GetBytes(flood.ToString()), .. data];
    }

    private static byte[] LongLine(byte[] data, Random random)
    {
        var position = data.Length == 0 ? 0 : random.Next(data.Length);
        var line = new byte[random.Next(1000, 300_000)];
        Array.Fill(line, (byte)(random.Next(2) == 0 ? 'a' : '='));
        return [.. data[..position], .. line, .. data[position..]];
    }

    private static byte[] DeepNesting(Random random)
    {
        var depth = random.Next(50, 3000);
        var text = new StringBuilder("From: a@x.test\r\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append(random.Next(5) == 0 ? "Content-Type: message/rfc822\r\n\r\n" : $"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\nleaf\r\n").ToString());
    }

    private static byte[] RandomBytes(Random random)
    {
        var data = new byte[random.Next(0, 5000)];
        random.NextBytes(data);
        return data;
    }

    private static byte[] Splice(byte[] data, Random random)
    {
        if (data.Length < 2)
        {
            return data;
        }

        var cut = random.Next(data.Length);
        return [.. data[cut..], .. data[..cut]];
    }
}
