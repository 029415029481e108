using System.Globalization;
using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Protocol;

/// <summary>The mailbox commands whose arguments extensions widened: SELECT/EXAMINE (RFC 7162) and LIST (RFC 5258, 5819).</summary>
public static partial class ImapCommandParser
{
    /// <summary>SELECT/EXAMINE mailbox [(CONDSTORE) / (QRESYNC (uidvalidity modseq [known-uids [seq-match-data]]))] (RFC 7162 §3.1.8, §3.2.5).</summary>
    private static SelectCommand Select(string tag, bool readOnly, Arguments args)
    {
        var mailbox = args.Mailbox();
        var condStore = false;
        QresyncParameters? qresync = null;
        if (args.Peek() is ImapList)
        {
            var parameters = new Arguments(args.List("select parameters"));
            while (parameters.Peek() is not null)
            {
                switch (parameters.Atom("select parameter").ToUpperInvariant())
                {
                    case "CONDSTORE":
                        condStore = true;
                        break;
                    case "QRESYNC" when qresync is null:
                        var values = new Arguments(parameters.List("QRESYNC parameters"));
                        var uidValidity = (uint)Number(values.Atom("UIDVALIDITY"), uint.MaxValue, "UIDVALIDITY");
                        var modSeq = ModSeq(values.Atom("mod-sequence"));
                        var known = values.Peek() is ImapAtom ? SequenceSet.Parse(values.Atom("known UIDs")) ?? throw new ImapSyntaxException("Invalid known UIDs.") : null;
                        if (values.Peek() is ImapList { Items.Count: 2 } match && match.Items.All(i => i is ImapAtom a && SequenceSet.Parse(a.Text) is not null))
                        {
                            values.Next(); // sequence-match data: read, not needed (see QresyncParameters)
                        }

                        values.End();
                        qresync = new QresyncParameters(uidValidity == 0 ? throw new ImapSyntaxException("UIDVALIDITY is not zero.") : uidValidity, modSeq, known);
                        break;
                    case var other:
                        throw new ImapSyntaxException($"Unknown select parameter {other}.");
                }
            }
        }

        return new SelectCommand(tag, mailbox, readOnly, condStore, qresync);
    }

    /// <summary>mod-sequence-value: 1 to 2^63-1 (RFC 7162 §7); 0 only where <paramref name="zero"/> allows it (mod-sequence-valzer).</summary>
    private static ulong ModSeq(string text, bool zero = false)
    {
        var value = Number(text, long.MaxValue, "mod-sequence");
        return value == 0 && !zero ? throw new ImapSyntaxException("A mod-sequence is not zero.") : value;
    }

    private static ulong Number(string text, ulong max, string what) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value
            : throw new ImapSyntaxException($"Invalid {what}.");

    /// <summary>
    /// LIST [(selection options)] reference (pattern / (patterns)) [RETURN (return options)] (RFC 5258 §3, RFC 6154
    /// §5.1, RFC 5819); LSUB reference pattern.
    /// </summary>
    private static ListCommand List(string tag, bool subscribed, Arguments args)
    {
        bool specialUse = false, selectSubscribed = false, recursive = false, extended = false;
        if (!subscribed && args.Peek() is ImapList options)
        {
            args.Next();
            foreach (var option in options.Items)
            {
                switch (Word(option, "selection option"))
                {
                    case "SPECIAL-USE":
                        specialUse = true;
                        break;
                    case "SUBSCRIBED":
                        selectSubscribed = extended = true;
                        break;
                    case "RECURSIVEMATCH":
                        recursive = extended = true;
                        break;
                    case "REMOTE":
                        extended = true;
                        break;
                    case var other:
                        throw new ImapSyntaxException($"Unknown selection option {other}.");
                }
            }

            if (recursive && !selectSubscribed && !specialUse)
            {
                throw new ImapSyntaxException("RECURSIVEMATCH needs another selection option (RFC 5258 §3).");
            }
        }

        var reference = args.MailboxText("reference");
        var patterns = new List<string>();
        if (!subscribed && args.Peek() is ImapList list)
        {
            args.Next();
            patterns.AddRange(list.Items.Select(item => new Arguments([item], args.Utf8Names).MailboxText("pattern")));
            extended = true;
        }
        else
        {
            patterns.Add(args.MailboxText("pattern"));
        }

        var returnSubscribed = false;
        IReadOnlyList<StatusItem>? status = null;
        if (!subscribed && args.Peek() is ImapAtom { Text: var keyword } && keyword.Equals("RETURN", StringComparison.OrdinalIgnoreCase))
        {
            args.Next();
            extended = true;
            var returns = new Arguments(args.List("return options"));
            while (returns.Peek() is not null)
            {
                switch (returns.Atom("return option").ToUpperInvariant())
                {
                    case "SUBSCRIBED":
                        returnSubscribed = true;
                        break;
                    case "CHILDREN" or "SPECIAL-USE":
                        break; // \HasChildren/\HasNoChildren and special-use attributes are always given
                    case "STATUS" when status is null:
                        status = StatusItems(returns.List("status items"));
                        break;
                    case var other:
                        throw new ImapSyntaxException($"Unknown or repeated return option {other}.");
                }
            }
        }

        if (patterns.Count == 0)
        {
            throw new ImapSyntaxException("LIST needs a pattern.");
        }

        return new ListCommand(tag, subscribed, reference, patterns[0], specialUse,
            extended ? new ListExtensions(patterns[1..], selectSubscribed, recursive, returnSubscribed, status) : null);
    }

    /// <summary>status-att list (RFC 3501 §6.3.10, RFC 8438, RFC 7162), for STATUS and LIST's RETURN (STATUS ...).</summary>
    private static List<StatusItem> StatusItems(IReadOnlyList<ImapValue> items) =>
        [.. items.Select(i => Word(i, "status item")).Select(i => ImapNames.TryParse(i, out StatusItem item) ? item : throw new ImapSyntaxException($"Unknown STATUS item {i}."))];
}
