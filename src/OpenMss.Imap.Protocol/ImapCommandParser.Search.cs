using System.Globalization;
using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Protocol;

/// <summary>SEARCH and SORT: their criteria (RFC 3501 §6.4.4 with RFC 4731, 5256 and 7162's additions) and charset.</summary>
public static partial class ImapCommandParser
{
    /// <summary>Search keys nest through NOT, OR and lists; deeper than this is refused.</summary>
    public const int MaxSearchDepth = 32;

    /// <summary>SEARCH [RETURN (return-opts)] [CHARSET astring] 1*(SP search-key) (RFC 3501 §6.4.4, RFC 4731 §3.1).</summary>
    private static SearchCommand Search(string tag, bool uid, Arguments args)
    {
        HashSet<SearchReturn>? returns = null;
        if (args.Peek() is ImapAtom { Text: var keyword } && keyword.Equals("RETURN", StringComparison.OrdinalIgnoreCase))
        {
            args.Next();
            returns = [];
            foreach (var option in args.List("search return options"))
            {
                returns.Add(Word(option, "search return option") switch
                {
                    "MIN" => SearchReturn.Min,
                    "MAX" => SearchReturn.Max,
                    "ALL" => SearchReturn.All,
                    "COUNT" => SearchReturn.Count,
                    var other => throw new ImapSyntaxException($"Unknown search return option {other}."),
                });
            }

            if (returns.Count == 0)
            {
                returns.Add(SearchReturn.All); // RFC 4731 §3.1: RETURN () is RETURN (ALL)
            }
        }

        if (args.Peek() is ImapAtom { Text: var first } && first.Equals("CHARSET", StringComparison.OrdinalIgnoreCase))
        {
            args.Next();
            Charset(args);
        }

        return new SearchCommand(tag, uid, Criteria(args, "SEARCH"), returns);
    }

    /// <summary>SORT (sort-criteria) charset 1*(SP search-key) (RFC 5256 §3): the charset is not optional here.</summary>
    private static SortCommand Sort(string tag, bool uid, Arguments args)
    {
        var order = new List<SortCriterion>();
        var reverse = false;
        foreach (var item in args.List("sort criteria"))
        {
            var word = Word(item, "sort key");
            if (word == "REVERSE" && !reverse)
            {
                reverse = true;
                continue;
            }

            order.Add(new SortCriterion(word switch
            {
                "ARRIVAL" => SortBy.Arrival,
                "CC" => SortBy.Cc,
                "DATE" => SortBy.Date,
                "FROM" => SortBy.From,
                "SIZE" => SortBy.Size,
                "SUBJECT" => SortBy.Subject,
                "TO" => SortBy.To,
                _ => throw new ImapSyntaxException($"Unknown sort key {word}."),
            }, reverse));
            reverse = false;
        }

        if (order.Count == 0 || reverse)
        {
            throw new ImapSyntaxException("SORT needs sort keys, REVERSE before each one it turns.");
        }

        Charset(args);
        return new SortCommand(tag, uid, order, Criteria(args, "SORT"));
    }

    /// <summary>A search's charset: UTF-8 and US-ASCII are known (RFC 3501 §6.4.4: others answer [BADCHARSET]).</summary>
    private static void Charset(Arguments args)
    {
        var charset = args.Next() switch
        {
            ImapAtom a => a.Text,
            ImapString s => s.Text,
            _ => throw new ImapSyntaxException("CHARSET needs a name."),
        };
        if (!charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedCharsetException(charset);
        }
    }

    /// <summary>The search keys to the end of the command, ANDed.</summary>
    private static SearchKey Criteria(Arguments args, string command)
    {
        var keys = new List<SearchKey>();
        while (args.Peek() is not null)
        {
            keys.Add(SearchKeyOf(args, 0));
        }

        return keys.Count == 0
            ? throw new ImapSyntaxException($"{command} needs criteria.")
            : keys.Count == 1 ? keys[0] : new SearchKey("AND", Children: keys);
    }

    private static SearchKey SearchKeyOf(Arguments args, int depth)
    {
        if (depth > MaxSearchDepth)
        {
            throw new ImapSyntaxException("Search criteria nest too deeply.");
        }

        var value = args.Next() ?? throw new ImapSyntaxException("Missing search key.");
        if (value is ImapList list)
        {
            var inner = new Arguments(list.Items);
            var children = new List<SearchKey>();
            while (inner.Peek() is not null)
            {
                children.Add(SearchKeyOf(inner, depth + 1));
            }

            return children.Count == 0 ? throw new ImapSyntaxException("Empty search list.") : new SearchKey("AND", Children: children);
        }

        var word = Word(value, "search key", upper: false);
        if (SequenceSet.Parse(word) is { } set)
        {
            return new SearchKey("SET", Set: set);
        }

        var key = word.ToUpperInvariant();
        return key switch
        {
            "ALL" or "ANSWERED" or "DELETED" or "DRAFT" or "FLAGGED" or "NEW" or "OLD" or "RECENT" or "SEEN"
                or "UNANSWERED" or "UNDELETED" or "UNDRAFT" or "UNFLAGGED" or "UNSEEN" => new SearchKey(key),
            "BCC" or "BODY" or "CC" or "FROM" or "SUBJECT" or "TEXT" or "TO" => new SearchKey(key, Text: args.String(key)),
            "KEYWORD" or "UNKEYWORD" => new SearchKey(key, Text: args.Atom(key)),
            "HEADER" => new SearchKey(key, Field: args.String("header field name"), Text: args.String("header value")),
            "BEFORE" or "ON" or "SINCE" or "SENTBEFORE" or "SENTON" or "SENTSINCE" => new SearchKey(key, Date: Date(args.String(key))),
            "LARGER" or "SMALLER" => new SearchKey(key, Number: long.TryParse(args.Atom(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= uint.MaxValue ? n : throw new ImapSyntaxException($"{key} needs a number.")),
            "UID" => new SearchKey(key, Set: SequenceSet.Parse(args.Atom("UID set")) ?? throw new ImapSyntaxException("Invalid UID set.")),
            "MODSEQ" => ModSeqKey(args),
            "NOT" => new SearchKey(key, Children: [SearchKeyOf(args, depth + 1)]),
            "OR" => new SearchKey(key, Children: [SearchKeyOf(args, depth + 1), SearchKeyOf(args, depth + 1)]),
            _ => throw new ImapSyntaxException($"Unknown search key {word}."),
        };
    }

    /// <summary>
    /// MODSEQ [entry-name entry-type-req] mod-sequence-valzer (RFC 7162 §3.1.5): flags have no separate modseqs here,
    /// so the entry, checked for form, names the message's.
    /// </summary>
    private static SearchKey ModSeqKey(Arguments args)
    {
        if (args.Peek() is ImapString)
        {
            args.String("entry name");
            if (args.Atom("entry type").ToUpperInvariant() is not ("PRIV" or "SHARED" or "ALL"))
            {
                throw new ImapSyntaxException("The MODSEQ entry type is priv, shared or all.");
            }
        }

        return new SearchKey("MODSEQ", Number: (long)ModSeq(args.Atom("MODSEQ mod-sequence"), zero: true));
    }

    /// <summary>date = date-text / DQUOTE date-text DQUOTE; date-text = date-day "-" date-month "-" date-year.</summary>
    private static DateOnly Date(string text) =>
        DateOnly.TryParseExact(text, ["d-MMM-yyyy", "dd-MMM-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ImapSyntaxException($"Invalid date {text}.");
}
