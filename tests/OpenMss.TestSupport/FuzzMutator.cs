using System.Text;

namespace OpenMss.TestSupport;

/// <summary>Mutates seed inputs for grammar fuzzing: inserted, deleted and random bytes, and runs of one symbol.</summary>
public static class FuzzMutator
{
    public static byte[] Mutate(Random random, string seed, byte[] alphabet)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(seed));
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0:
                    bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveAt(Math.Min(at, bytes.Count - 1));
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.InsertRange(at, Enumerable.Repeat(alphabet[random.Next(alphabet.Length)], random.Next(1, 300)));
                    break;
            }
        }

        return [.. bytes];
    }
}
