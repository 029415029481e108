using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>Flags between the wire (\Seen, keywords) and the store's FlagSet.</summary>
internal static class ImapFlags
{
    private static readonly (MessageFlags Flag, string Name)[] System =
    [
        (MessageFlags.Answered, "\\Answered"),
        (MessageFlags.Flagged, "\\Flagged"),
        (MessageFlags.Deleted, "\\Deleted"),
        (MessageFlags.Seen, "\\Seen"),
        (MessageFlags.Draft, "\\Draft"),
    ];

    private static readonly string[] RecentFlag = ["\\Recent"];

    /// <summary>The FLAGS list of a mailbox (RFC 3501 §7.2.6): the system flags and the keywords in use there.</summary>
    public static string Defined(IEnumerable<string> keywords) => "(" + string.Join(' ', System.Select(s => s.Name).Concat(keywords)) + ")";

    /// <summary>PERMANENTFLAGS of a read-write mailbox: the same, and \* (clients may create keywords).</summary>
    public static string Permanent(IEnumerable<string> keywords) => "(" + string.Join(' ', System.Select(s => s.Name).Concat(keywords).Append("\\*")) + ")";

    /// <param name="recent">\Recent, which is the session's, not the store's (RFC 3501 §2.3.2).</param>
    public static string Format(FlagSet flags, bool recent = false) =>
        "(" + string.Join(' ', System.Where(s => flags.Has(s.Flag)).Select(s => s.Name).Concat(recent ? RecentFlag : []).Concat(flags.Keywords)) + ")";

    /// <summary>\Recent cannot be set by a client and is dropped; other system flags by name; the rest are keywords.</summary>
    public static FlagSet Parse(IEnumerable<string> names)
    {
        var system = MessageFlags.None;
        var keywords = new List<string>();
        foreach (var name in names)
        {
            if (name.StartsWith('\\'))
            {
                var known = System.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (known.Name is not null)
                {
                    system |= known.Flag;
                }
                else if (!name.Equals("\\Recent", StringComparison.OrdinalIgnoreCase))
                {
                    throw new Storage.StoreException(Storage.StoreError.Invalid, $"{name} is not a flag a client may set.");
                }
            }
            else
            {
                keywords.Add(name);
            }
        }

        return FlagSet.Create(system, keywords);
    }
}
