using System.Globalization;
using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Protocol;

/// <summary>
/// Turns a received request into a typed command (RFC 3501 §6 with UIDPLUS, MOVE, IDLE, NAMESPACE, ID, ENABLE,
/// UNSELECT, SPECIAL-USE). Anything malformed throws <see cref="ImapSyntaxException"/>: the session answers BAD and
/// goes on. Mailbox names arrive in modified UTF-7 and leave here decoded; "INBOX" in any case is INBOX.
/// </summary>
public static partial class ImapCommandParser
{
    /// <param name="utf8MailboxNames">IMAP4rev2 is enabled (RFC 9051 §5.1): mailbox names are UTF-8, not modified UTF-7.</param>
    public static ImapCommand Parse(ImapRequest request, bool utf8MailboxNames = false)
    {
        var args = new Arguments(request.Arguments, utf8MailboxNames);
        var tag = request.Tag;
        var command = request.Command;
        if (ImapNames.TryParse(command, out SimpleVerb simple))
        {
            args.End();
            return new SimpleCommand(tag, simple);
        }

        ImapCommand parsed = command switch
        {
            "AUTHENTICATE" => new AuthenticateCommand(tag, args.Atom("mechanism").ToUpperInvariant(), args.OptionalAtom()),
            "LOGIN" => new LoginCommand(tag),
            "SELECT" or "EXAMINE" => Select(tag, command == "EXAMINE", args),
            _ when ImapNames.TryParse(command, out MailboxVerb verb) => new MailboxCommand(tag, verb, args.Mailbox()),
            "RENAME" => new RenameCommand(tag, args.Mailbox(), args.Mailbox()),
            "LIST" or "LSUB" => List(tag, command == "LSUB", args),
            "STATUS" => new StatusCommand(tag, args.Mailbox(), StatusItems(args.List("status items"))),
            "APPEND" => Append(tag, args),
            "SEARCH" => Search(tag, uid: false, args),
            "SORT" => Sort(tag, uid: false, args),
            "FETCH" => Fetch(tag, uid: false, args),
            "STORE" => Store(tag, uid: false, args),
            "COPY" or "MOVE" => new CopyCommand(tag, false, command == "MOVE", args.Set(), args.Mailbox()),
            "UID" => Uid(tag, args),
            "ENABLE" => new EnableCommand(tag, args.Rest().Select(a => Word(a, "capability")).ToList()),
            "ID" => Id(tag, args),
            "GETQUOTA" => new QuotaCommand(tag, QuotaVerb.GetQuota, args.String("quota root")),
            "GETQUOTAROOT" => new QuotaCommand(tag, QuotaVerb.GetQuotaRoot, args.Mailbox()),
            "SETQUOTA" => SetQuota(tag, args),
            _ => throw new ImapSyntaxException($"Unknown command {command}."),
        };
        if (parsed is not LoginCommand)
        {
            args.End();
        }

        return parsed;
    }

    private static ImapCommand Uid(string tag, Arguments args)
    {
        var verb = args.Atom("UID command").ToUpperInvariant();
        return verb switch
        {
            "FETCH" => Fetch(tag, uid: true, args),
            "SEARCH" => Search(tag, uid: true, args),
            "SORT" => Sort(tag, uid: true, args),
            "STORE" => Store(tag, uid: true, args),
            "COPY" or "MOVE" => new CopyCommand(tag, true, verb == "MOVE", args.Set(), args.Mailbox()),
            "EXPUNGE" => new UidExpungeCommand(tag, args.Set()),
            _ => throw new ImapSyntaxException($"UID {verb} is not a command."),
        };
    }

    /// <summary>APPEND mailbox [flag-list] [date-time] literal.</summary>
    private static AppendCommand Append(string tag, Arguments args)
    {
        var mailbox = args.Mailbox();
        IReadOnlyList<string> flags = [];
        DateTimeOffset? date = null;
        if (args.Peek() is ImapList list)
        {
            args.Next();
            flags = Flags(list.Items);
        }

        if (args.Peek() is ImapString { IsLiteral: false } quoted)
        {
            args.Next();
            date = DateTimeOffset.TryParseExact(quoted.Text.TrimStart(), ["d-MMM-yyyy HH:mm:ss zzz", "dd-MMM-yyyy HH:mm:ss zzz"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new ImapSyntaxException("Invalid APPEND date-time.");
        }

        return args.Next() is ImapString { IsLiteral: true } message
            ? new AppendCommand(tag, mailbox, flags, date, message.Bytes)
            : throw new ImapSyntaxException("APPEND needs the message as a literal.");
    }

    private static FetchCommand Fetch(string tag, bool uid, Arguments args)
    {
        var set = args.Set();
        var spec = args.Next() ?? throw new ImapSyntaxException("FETCH needs data items.");
        var items = spec is ImapList list ? list.Items.Select(i => Word(i, "fetch item", upper: false)).ToList() : [Word(spec, "fetch item", upper: false)];
        var parsed = new List<FetchItem>();
        foreach (var item in items)
        {
            switch (item.ToUpperInvariant())
            {
                case "ALL" when spec is not ImapList:
                    parsed.AddRange(Attributes(FetchAttributeName.Flags, FetchAttributeName.InternalDate, FetchAttributeName.Rfc822Size, FetchAttributeName.Envelope));
                    break;
                case "FAST" when spec is not ImapList:
                    parsed.AddRange(Attributes(FetchAttributeName.Flags, FetchAttributeName.InternalDate, FetchAttributeName.Rfc822Size));
                    break;
                case "FULL" when spec is not ImapList:
                    parsed.AddRange(Attributes(FetchAttributeName.Flags, FetchAttributeName.InternalDate, FetchAttributeName.Rfc822Size, FetchAttributeName.Envelope, FetchAttributeName.Body));
                    break;
                case var upper when ImapNames.TryParse(upper, out FetchAttributeName name):
                    parsed.Add(new FetchAttribute(name));
                    break;
                default:
                    parsed.Add(Section(item));
                    break;
            }
        }

        if (parsed.Count == 0)
        {
            throw new ImapSyntaxException("FETCH needs data items.");
        }

        // fetch-modifiers (RFC 7162 §3.1.4.1, §3.2.6): (CHANGEDSINCE modseq [VANISHED])
        ulong? changedSince = null;
        var vanished = false;
        if (args.Peek() is ImapList)
        {
            var modifiers = new Arguments(args.List("fetch modifiers"));
            while (modifiers.Peek() is not null)
            {
                switch (modifiers.Atom("fetch modifier").ToUpperInvariant())
                {
                    case "CHANGEDSINCE" when changedSince is null:
                        changedSince = ModSeq(modifiers.Atom("CHANGEDSINCE mod-sequence"));
                        break;
                    case "VANISHED" when !vanished:
                        vanished = true;
                        break;
                    case var other:
                        throw new ImapSyntaxException($"Unknown or repeated fetch modifier {other}.");
                }
            }

            if (vanished && (!uid || changedSince is null))
            {
                throw new ImapSyntaxException("VANISHED goes with UID FETCH and CHANGEDSINCE only.");
            }
        }

        return new FetchCommand(tag, uid, set, parsed, changedSince, vanished);
    }

    private static IEnumerable<FetchAttribute> Attributes(params FetchAttributeName[] names) => names.Select(n => new FetchAttribute(n));

    /// <summary>
    /// "BODY" ["." "PEEK"] section ["&lt;" number "." nz-number "&gt;"] (RFC 3501 §9), and RFC 3516's
    /// "BINARY" ["." "PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary, section-binary = "[" [section-part] "]".
    /// </summary>
    private static FetchItem Section(string item)
    {
        var open = item.IndexOf('[', StringComparison.Ordinal);
        var close = item.LastIndexOf(']');
        var head = open < 0 ? item : item[..open].ToUpperInvariant();
        if (open < 0 || close < open || head is not ("BODY" or "BODY.PEEK" or "BINARY" or "BINARY.PEEK" or "BINARY.SIZE"))
        {
            throw new ImapSyntaxException($"Unknown fetch item {item}.");
        }

        var section = item[(open + 1)..close];
        var partial = item[(close + 1)..];
        long? start = null, length = null;
        if (partial.Length > 0)
        {
            var dot = partial.IndexOf('.', StringComparison.Ordinal);
            if (head == "BINARY.SIZE" || partial[0] != '<' || partial[^1] != '>' || dot < 0
                || !long.TryParse(partial[1..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                || !long.TryParse(partial[(dot + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0)
            {
                throw new ImapSyntaxException($"Invalid partial {partial}.");
            }

            (start, length) = (s, n);
        }

        var (part, text, fields) = SectionSpec(section);
        if (head.StartsWith("BINARY", StringComparison.Ordinal))
        {
            return text == SectionText.All
                ? new FetchBinary(head == "BINARY.PEEK", head == "BINARY.SIZE", part, start, length)
                : throw new ImapSyntaxException($"{head} takes a part number only.");
        }

        return new FetchSection(head == "BODY.PEEK", part, text, fields, start, length);
    }

    /// <summary>section-spec = section-msgtext / (section-part ["." section-text]).</summary>
    private static (List<int> Part, SectionText Text, List<string> Fields) SectionSpec(string section)
    {
        var part = new List<int>();
        var rest = section;
        while (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
        {
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var number = dot < 0 ? rest : rest[..dot];
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0 || part.Count >= 100)
            {
                throw new ImapSyntaxException($"Invalid section part {number}.");
            }

            part.Add(n);
            rest = dot < 0 ? "" : rest[(dot + 1)..];
        }

        if (rest.Length == 0)
        {
            return (part, SectionText.All, []);
        }

        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var keyword = (space < 0 ? rest : rest[..space]).ToUpperInvariant();
        var text = keyword switch
        {
            "HEADER" => SectionText.Header,
            "TEXT" => SectionText.Text,
            "MIME" when part.Count > 0 => SectionText.Mime,
            "HEADER.FIELDS" => SectionText.HeaderFields,
            "HEADER.FIELDS.NOT" => SectionText.HeaderFieldsNot,
            _ => throw new ImapSyntaxException($"Invalid section {section}."),
        };
        if (text is not (SectionText.HeaderFields or SectionText.HeaderFieldsNot))
        {
            return space < 0 ? (part, text, []) : throw new ImapSyntaxException($"Invalid section {section}.");
        }

        var list = space < 0 ? "" : rest[(space + 1)..].Trim();
        if (list.Length < 2 || list[0] != '(' || list[^1] != ')')
        {
            throw new ImapSyntaxException("HEADER.FIELDS needs a list of field names.");
        }

        var fields = list[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim('"').ToUpperInvariant()).ToList();
        return fields.Count == 0 || fields.Any(f => f.Any(c => c <= ' ' || c == ':' || c > '~'))
            ? throw new ImapSyntaxException("Invalid header field names.")
            : (part, text, fields);
    }

    /// <summary>STORE set ("+"/"-")"FLAGS"[".SILENT"] (flags) or flag...</summary>
    private static StoreCommand Store(string tag, bool uid, Arguments args)
    {
        var set = args.Set();
        ulong? unchangedSince = null;
        if (args.Peek() is ImapList)
        {
            // store-modifiers (RFC 7162 §3.1.3): (UNCHANGEDSINCE modseq), 0 allowed
            var modifiers = new Arguments(args.List("store modifiers"));
            unchangedSince = modifiers.Atom("store modifier").Equals("UNCHANGEDSINCE", StringComparison.OrdinalIgnoreCase)
                ? ModSeq(modifiers.Atom("UNCHANGEDSINCE mod-sequence"), zero: true)
                : throw new ImapSyntaxException("The only store modifier is UNCHANGEDSINCE.");
            modifiers.End();
        }

        var item = args.Atom("store item").ToUpperInvariant();
        var mode = item[0] switch
        {
            '+' => StoreMode.Add,
            '-' => StoreMode.Remove,
            _ => StoreMode.Replace,
        };
        var name = mode == StoreMode.Replace ? item : item[1..];
        if (name is not ("FLAGS" or "FLAGS.SILENT"))
        {
            throw new ImapSyntaxException($"Unknown STORE item {item}.");
        }

        IReadOnlyList<ImapValue> values;
        if (args.Peek() is ImapList list)
        {
            args.Next();
            values = list.Items;
        }
        else
        {
            values = args.Rest();
        }

        return new StoreCommand(tag, uid, set, mode, name.EndsWith(".SILENT", StringComparison.Ordinal), Flags(values), unchangedSince);
    }

    /// <summary>flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension.</summary>
    private static List<string> Flags(IReadOnlyList<ImapValue> values) =>
        values.Select(v => v is ImapAtom { Text: var t } && t.Length > 0 && t.Length <= 100 && (t[0] != '\\' || t.Length > 1) && !t.Contains('[', StringComparison.Ordinal)
            ? t
            : throw new ImapSyntaxException("Invalid flag.")).ToList();

    /// <summary>SETQUOTA quota-root (resource limit ...) (RFC 9208 §4.4): read whole, refused by the handler.</summary>
    private static QuotaCommand SetQuota(string tag, Arguments args)
    {
        var root = args.String("quota root");
        var limits = args.List("resource limits");
        return limits.Count % 2 == 0
            ? new QuotaCommand(tag, QuotaVerb.SetQuota, root)
            : throw new ImapSyntaxException("SETQUOTA needs resource and limit pairs.");
    }

    private static IdCommand Id(string tag, Arguments args)
    {
        var value = args.Next();
        if (IsNil(value))
        {
            return new IdCommand(tag, new Dictionary<string, string?>());
        }

        if (value is not ImapList { Items.Count: <= 60 } list || list.Items.Count % 2 != 0)
        {
            throw new ImapSyntaxException("ID needs NIL or a list of field and value pairs.");
        }

        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Items.Count; i += 2)
        {
            fields[list.Items[i] is ImapString key ? key.Text : throw new ImapSyntaxException("ID field names are strings.")] =
                list.Items[i + 1] switch
                {
                    ImapString s => s.Text,
                    var v when IsNil(v) => null,
                    _ => throw new ImapSyntaxException("ID values are strings or NIL."),
                };
        }

        return new IdCommand(tag, fields);
    }

    /// <summary>The atom NIL, where the grammar allows nil (nstring); elsewhere NIL is an atom like any other.</summary>
    private static bool IsNil(ImapValue? value) => value is ImapAtom { Text: var text } && text.Equals("NIL", StringComparison.OrdinalIgnoreCase);

    private static string Word(ImapValue value, string what, bool upper = true) => value switch
    {
        ImapAtom atom => upper ? atom.Text.ToUpperInvariant() : atom.Text,
        _ => throw new ImapSyntaxException($"Expected a {what}."),
    };

    /// <summary>The arguments of one request, read in order.</summary>
    private sealed class Arguments(IReadOnlyList<ImapValue> values, bool utf8Names = false)
    {
        private int _index;

        /// <summary>Mailbox names are taken as UTF-8 (IMAP4rev2), not decoded from modified UTF-7.</summary>
        public bool Utf8Names => utf8Names;

        public ImapValue? Peek() => _index < values.Count ? values[_index] : null;

        public ImapValue? Next() => _index < values.Count ? values[_index++] : null;

        public List<ImapValue> Rest()
        {
            var rest = values.Skip(_index).ToList();
            _index = values.Count;
            return rest;
        }

        public void End()
        {
            if (_index < values.Count)
            {
                throw new ImapSyntaxException("Too many arguments.");
            }
        }

        public string Atom(string what) => Next() is ImapAtom atom ? atom.Text : throw new ImapSyntaxException($"Expected {what}.");

        public string? OptionalAtom() => Peek() is ImapAtom ? Atom("argument") : null;

        public string String(string what) => Next() switch
        {
            ImapAtom atom => atom.Text,
            ImapString s => s.Text,
            _ => throw new ImapSyntaxException($"Expected a string for {what}."),
        };

        public IReadOnlyList<ImapValue> List(string what) => Next() is ImapList list ? list.Items : throw new ImapSyntaxException($"Expected a list of {what}.");

        public SequenceSet Set() => (Next() is ImapAtom atom ? SequenceSet.Parse(atom.Text) : null) ?? throw new ImapSyntaxException("Invalid sequence set.");

        /// <summary>A mailbox name (astring), decoded from modified UTF-7; INBOX in any case is INBOX.</summary>
        public string Mailbox()
        {
            var name = MailboxText("mailbox");
            return name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : name;
        }

        /// <summary>A list-mailbox or astring, decoded from modified UTF-7 unless names are UTF-8 (wildcards kept).</summary>
        public string MailboxText(string what)
        {
            var raw = String(what);
            return utf8Names ? raw : ModifiedUtf7.Decode(raw) ?? throw new ImapSyntaxException($"The {what} is not valid modified UTF-7.");
        }
    }
}

/// <summary>SEARCH CHARSET other than UTF-8 or US-ASCII: the session answers NO [BADCHARSET (UTF-8 US-ASCII)].</summary>
public sealed class UnsupportedCharsetException(string charset) : Exception($"Unsupported charset {charset}.");
