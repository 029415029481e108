using System.Buffers;
using System.Text;
using OpenMss.Imap.Protocol.Commands;

namespace OpenMss.Imap.Protocol.Tests;

/// <summary>Typed commands, starting from RFC 3501's own examples, and the refusals.</summary>
public sealed class CommandParserTests
{
    private static ImapCommand Parse(string text)
    {
        var receiver = new ImapReceiver(new ImapLimits());
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text + "\r\n"));
        var status = receiver.Receive(ref buffer);
        while (status == ReceiveStatus.NeedContinuation)
        {
            status = receiver.Receive(ref buffer);
        }

        status.ShouldBe(ReceiveStatus.Request, receiver.Error?.Text);
        return ImapCommandParser.Parse(receiver.Request!);
    }

    [Fact]
    public void Rfc3501_search_examples()
    {
        Parse("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"").ShouldBe(new SearchCommand("A282", false, new SearchKey("AND", Children:
        [
            new SearchKey("FLAGGED"),
            new SearchKey("SINCE", Date: new DateOnly(1994, 2, 1)),
            new SearchKey("NOT", Children: [new SearchKey("FROM", Text: "Smith")]),
        ])));
        Parse("A284 SEARCH CHARSET UTF-8 TEXT {6}\r\nXXXXXX").ShouldBe(new SearchCommand("A284", false, new SearchKey("TEXT", Text: "XXXXXX")));
        var uid = Parse("a UID SEARCH OR (UNSEEN LARGER 100) HEADER X-MSS-INS O 2:4,7").ShouldBeOfType<SearchCommand>();
        uid.Uid.ShouldBeTrue();
        uid.Criteria.Operands[0].Kind.ShouldBe("OR");
        uid.Criteria.Operands[0].Operands[0].Operands.Select(k => k.Kind).ShouldBe(["UNSEEN", "LARGER"]);
        uid.Criteria.Operands[0].Operands[1].ShouldBe(new SearchKey("HEADER", Field: "X-MSS-INS", Text: "O"));
        uid.Criteria.Operands[1].Set!.ToString().ShouldBe("2:4,7");
    }

    [Fact]
    public void Fetch_items_macros_and_sections()
    {
        var fetch = Parse("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])").ShouldBeOfType<FetchCommand>();
        fetch.Items.ShouldBe([new FetchAttribute(FetchAttributeName.Flags), new FetchSection(false, [], SectionText.HeaderFields, ["DATE", "FROM"], null, null)], ignoreOrder: false);
        ((FetchSection)fetch.Items[1]).ResponseName.ShouldBe("BODY[HEADER.FIELDS (DATE FROM)]");

        Parse("a FETCH 1 ALL").ShouldBeOfType<FetchCommand>().Items.Cast<FetchAttribute>().Select(i => i.Text).ShouldBe(["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"]);
        Parse("a FETCH 1 full").ShouldBeOfType<FetchCommand>().Items.Count.ShouldBe(5);
        var peek = (FetchSection)Parse("a UID FETCH 4827313:4828442 (UID BODY.PEEK[1.2.MIME]<0.2048>)").ShouldBeOfType<FetchCommand>().Items[1];
        peek.ShouldBe(new FetchSection(true, [1, 2], SectionText.Mime, [], 0, 2048), "peek");
        peek.ResponseName.ShouldBe("BODY[1.2.MIME]<0>");
        ((FetchSection)Parse("a FETCH 1 BODY[]").ShouldBeOfType<FetchCommand>().Items[0]).ResponseName.ShouldBe("BODY[]");
        ((FetchSection)Parse("a FETCH 1 BODY[3.TEXT]").ShouldBeOfType<FetchCommand>().Items[0]).Text.ShouldBe(SectionText.Text);
    }

    [Fact]
    public void Store_copy_move_expunge_append_status_list()
    {
        Parse("A003 STORE 2:4 +FLAGS (\\Deleted)").ShouldBeOfType<StoreCommand>().ShouldSatisfyAllConditions(
            s => s.Set.ToString().ShouldBe("2:4"), s => s.Mode.ShouldBe(StoreMode.Add), s => s.Silent.ShouldBeFalse(), s => s.Flags.ShouldBe(["\\Deleted"]));
        Parse("a UID STORE 5 -FLAGS.SILENT \\Seen $Label1").ShouldBeOfType<StoreCommand>().ShouldSatisfyAllConditions(
            s => s.Mode.ShouldBe(StoreMode.Remove), s => s.Silent.ShouldBeTrue(), s => s.Flags.ShouldBe(["\\Seen", "$Label1"]));
        Parse("a UID MOVE 1:3 Archives").ShouldBeOfType<CopyCommand>().ShouldSatisfyAllConditions(c => c.Move.ShouldBeTrue(), c => c.Uid.ShouldBeTrue(), c => c.Mailbox.ShouldBe("Archives"));
        Parse("a UID EXPUNGE 3000:3002").ShouldBeOfType<UidExpungeCommand>().Set.ToString().ShouldBe("3000:3002");
        var append = Parse("A003 APPEND saved-messages (\\Seen) \"05-Nov-2026 14:30:00 +0100\" {5}\r\nhello").ShouldBeOfType<AppendCommand>();
        (append.Mailbox, append.Flags.Single(), append.Date, Encoding.ASCII.GetString(append.Message)).ShouldBe(("saved-messages", "\\Seen", new DateTimeOffset(2026, 11, 5, 14, 30, 0, TimeSpan.FromHours(1)), "hello"));
        Parse("A042 STATUS blurdybloop (UIDNEXT MESSAGES)").ShouldBeOfType<StatusCommand>().ShouldSatisfyAllConditions(
            s => s.Mailbox.ShouldBe("blurdybloop"), s => s.Items.ShouldBe([StatusItem.UidNext, StatusItem.Messages]));
        Parse("A202 LIST ~/Mail/ %").ShouldBe(new ListCommand("A202", false, "~/Mail/", "%", false));
        Parse("a LIST (SPECIAL-USE) \"\" *").ShouldBe(new ListCommand("a", false, "", "*", true));
        Parse("a SELECT inbox").ShouldBe(new SelectCommand("a", "INBOX", false));
        Parse("a EXAMINE R&AOk-unions").ShouldBe(new SelectCommand("a", "Réunions", true));
        Parse("a RENAME \"Old\" New").ShouldBe(new RenameCommand("a", "Old", "New"));
        Parse("a AUTHENTICATE xoauth2 dXNlcj0=").ShouldBe(new AuthenticateCommand("a", "XOAUTH2", "dXNlcj0="));
        Parse("a ID (\"name\" \"LPS\" \"version\" NIL)").ShouldBeOfType<IdCommand>().Fields["version"].ShouldBeNull();
        Parse("a idle").ShouldBe(new SimpleCommand("a", SimpleVerb.Idle));
        Parse("a unsubscribe \"Old\"").ShouldBe(new MailboxCommand("a", MailboxVerb.Unsubscribe, "Old"));
        Parse("a starttls").ShouldBeOfType<SimpleCommand>().Name.ShouldBe("STARTTLS");
    }

    [Fact]
    public void The_atom_nil_where_a_string_is_expected_is_that_string()
    {
        // RFC 3501 §9: astring = 1*ASTRING-CHAR / string; NIL is only nil where the grammar says nstring.
        Parse("a SEARCH SUBJECT NIL").ShouldBeOfType<SearchCommand>().Criteria.ShouldBe(new SearchKey("SUBJECT", Text: "NIL"));
        Parse("a SEARCH BODY nil").ShouldBeOfType<SearchCommand>().Criteria.ShouldBe(new SearchKey("BODY", Text: "nil"));
        Parse("a LIST \"\" NIL").ShouldBe(new ListCommand("a", false, "", "NIL", false));
        Parse("a STORE 1 +FLAGS NIL").ShouldBeOfType<StoreCommand>().Flags.ShouldBe(["NIL"]);
        Parse("a SELECT nil").ShouldBe(new SelectCommand("a", "nil", false));
        Parse("a ID NIL").ShouldBeOfType<IdCommand>().Fields.ShouldBeEmpty();
        Parse("a ID (\"name\" nil)").ShouldBeOfType<IdCommand>().Fields["name"].ShouldBeNull();
    }

    [Fact]
    public void Search_return_options_are_read_for_esearch()
    {
        Parse("A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"").ShouldBeOfType<SearchCommand>().Return!.Order().ShouldBe([SearchReturn.Min, SearchReturn.Count]);
        Parse("a UID SEARCH RETURN () ALL").ShouldBeOfType<SearchCommand>().Return.ShouldBe(new HashSet<SearchReturn> { SearchReturn.All });
        Parse("a SEARCH RETURN (all) CHARSET UTF-8 ALL").ShouldBeOfType<SearchCommand>().Return.ShouldBe(new HashSet<SearchReturn> { SearchReturn.All });
        Parse("a SEARCH ALL").ShouldBeOfType<SearchCommand>().Return.ShouldBeNull();
        Should.Throw<ImapSyntaxException>(() => Parse("a SEARCH RETURN (SAVE) ALL")).Message.ShouldBe("Unknown search return option SAVE.");
    }

    [Fact]
    public void Brackets_in_a_mailbox_name_or_a_pattern_are_part_of_the_atom()
    {
        Parse("a SELECT a[b").ShouldBe(new SelectCommand("a", "a[b", false));
        Parse("a LIST \"\" a[b]%").ShouldBe(new ListCommand("a", false, "", "a[b]%", false));
        Parse("a CREATE [x]").ShouldBeOfType<MailboxCommand>().Mailbox.ShouldBe("[x]");
    }

    [Theory]
    [InlineData("a NOOP extra", "Too many arguments.")]
    [InlineData("a FETCH 0 FLAGS", "Invalid sequence set.")]
    [InlineData("a FETCH 1:x FLAGS", "Invalid sequence set.")]
    [InlineData("a FETCH 1 (FLAGS ALL)", "Unknown fetch item ALL.")]
    [InlineData("a FETCH 1 BODY[1.0]", "Invalid section part 0.")]
    [InlineData("a FETCH 1 BODY[MIME]", "Invalid section MIME.")]
    [InlineData("a FETCH 1 BODY[HEADER.FIELDS]", "HEADER.FIELDS needs a list of field names.")]
    [InlineData("a FETCH 1 BODY[]<5.0>", "Invalid partial <5.0>.")]
    [InlineData("a FETCH 1 RFC822.SMELL", "Unknown fetch item RFC822.SMELL.")]
    [InlineData("a STORE 1 FLAGZ (\\Seen)", "Unknown STORE item FLAGZ.")]
    [InlineData("a SEARCH", "SEARCH needs criteria.")]
    [InlineData("a SEARCH SINCE 31-Fev-2026", "Invalid date 31-Fev-2026.")]
    [InlineData("a SEARCH LARGER big", "LARGER needs a number.")]
    [InlineData("a SEARCH OR SEEN", "Missing search key.")]
    [InlineData("a SEARCH FOO", "Unknown search key FOO.")]
    [InlineData("a SELECT &Jjo!", "The mailbox is not valid modified UTF-7.")]
    [InlineData("a APPEND INBOX \"bad date\" {1}\r\nx", "Invalid APPEND date-time.")]
    [InlineData("a STATUS INBOX (COLOR)", "Unknown STATUS item COLOR.")]
    [InlineData("a UID FROB 1", "UID FROB is not a command.")]
    [InlineData("a XYZZY", "Unknown command XYZZY.")]
    public void Malformed_commands_are_refused_in_one_sentence(string text, string message)
    {
        Should.Throw<ImapSyntaxException>(() => Parse(text)).Message.ShouldBe(message);
    }

    [Fact]
    public void Deep_search_criteria_are_refused()
    {
        Should.Throw<ImapSyntaxException>(() => Parse("a SEARCH " + string.Concat(Enumerable.Repeat("NOT ", 40)) + "SEEN")).Message.ShouldBe("Search criteria nest too deeply.");
    }

    [Fact]
    public void An_unknown_charset_is_reported_for_badcharset() =>
        Should.Throw<UnsupportedCharsetException>(() => Parse("a SEARCH CHARSET KOI8-R TEXT x"));
}
