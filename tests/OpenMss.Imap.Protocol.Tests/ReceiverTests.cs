using OpenMss.Imap.Protocol.Responses;
using System.Buffers;
using System.Text;

namespace OpenMss.Imap.Protocol.Tests;

/// <summary>Requests read from bytes, whole and split at every point; literals and every bound.</summary>
public sealed class ReceiverTests
{
    private static readonly ImapLimits Small = new() { MaxLineLength = 200, MaxLiteral = 100, MaxAppendLiteral = 1000, MaxDepth = 4, MaxLiterals = 3 };

    /// <summary>Feeds the input in two pieces; continuations are counted, never answered (the client does not wait here).</summary>
    private static (List<ReceiveStatus> Statuses, List<ImapRequest> Requests, List<ImapRequestError> Errors) Feed(string input, int split, ImapLimits? limits = null)
    {
        var receiver = new ImapReceiver(limits ?? Small);
        var statuses = new List<ReceiveStatus>();
        var requests = new List<ImapRequest>();
        var errors = new List<ImapRequestError>();
        var bytes = Encoding.UTF8.GetBytes(input);
        var pending = Array.Empty<byte>();
        foreach (var piece in new[] { bytes[..split], bytes[split..] })
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. piece]);
            while (true)
            {
                var status = receiver.Receive(ref buffer);
                statuses.Add(status);
                if (status == ReceiveStatus.Request)
                {
                    requests.Add(receiver.Request!);
                }
                else if (status == ReceiveStatus.Error)
                {
                    errors.Add(receiver.Error!);
                }
                else if (status == ReceiveStatus.NeedMore)
                {
                    break;
                }
            }

            pending = buffer.ToArray();
        }

        return (statuses, requests, errors);
    }

    [Fact]
    public void A_literal8_carries_any_octet_whatever_the_split()
    {
        const string input = "a1 APPEND INBOX ~{4+}\r\n\0\u0001\r\n\r\n";
        for (var split = 0; split <= Encoding.UTF8.GetByteCount(input); split++)
        {
            var (_, requests, errors) = Feed(input, split);
            errors.ShouldBeEmpty($"split {split}");
            requests.ShouldHaveSingleItem().Arguments.ShouldBe([new ImapAtom("INBOX"), new ImapString([0, 1, 13, 10], true)], ignoreOrder: false);
        }
    }

    [Fact]
    public void Requests_are_the_same_whatever_the_split()
    {
        const string input = "a1 LOGIN {5}\r\nalice \"p\\\"w\"\r\nA2 fetch 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.100>)\r\nA3 APPEND INBOX (\\Seen) {3+}\r\nabc\r\n";
        for (var split = 0; split <= Encoding.UTF8.GetByteCount(input); split++)
        {
            var (_, requests, errors) = Feed(input, split);
            errors.ShouldBeEmpty($"split {split}");
            requests.Count.ShouldBe(3, $"split {split}");
            requests[0].Command.ShouldBe("LOGIN");
            requests[0].Arguments.ShouldBe([new ImapString("alice"u8.ToArray(), true), new ImapString("p\"w"u8.ToArray(), false)], ignoreOrder: false);
            requests[1].Tag.ShouldBe("A2");
            requests[1].Command.ShouldBe("FETCH");
            requests[1].Arguments[0].ShouldBe(new ImapAtom("1:*"));
            ((ImapList)requests[1].Arguments[1]).Items.ShouldBe([new ImapAtom("FLAGS"), new ImapAtom("BODY.PEEK[HEADER.FIELDS (DATE FROM)]<0.100>")]);
            requests[2].Arguments[1].ShouldBe(new ImapList([new ImapAtom("\\Seen")]));
            ((ImapString)requests[2].Arguments[2]).Text.ShouldBe("abc");
        }
    }

    [Fact]
    public void A_synchronising_literal_asks_for_continuation_and_a_non_synchronising_one_does_not()
    {
        Feed("a SELECT {5}\r\nINBOX\r\n", 0).Statuses.ShouldContain(ReceiveStatus.NeedContinuation);
        Feed("a SELECT {5+}\r\nINBOX\r\n", 0).Statuses.ShouldNotContain(ReceiveStatus.NeedContinuation);
        Feed("a SELECT {5-}\r\nINBOX\r\n", 0).Requests.Single().Arguments.Single().ShouldBeOfType<ImapString>().Text.ShouldBe("INBOX");
    }

    [Fact]
    public void A_refused_synchronising_literal_ends_the_request_and_the_next_one_is_read()
    {
        var (statuses, requests, errors) = Feed("a1 SELECT {101}\r\na2 NOOP\r\n", 0);

        errors.ShouldHaveSingleItem().ShouldBe(new ImapRequestError("a1", ResponseCode.TooBig, "Literal of 101 octets exceeds the limit of 100."));
        statuses.ShouldNotContain(ReceiveStatus.NeedContinuation);
        requests.ShouldHaveSingleItem().Tag.ShouldBe("a2");
    }

    [Fact]
    public void Append_may_carry_a_larger_literal_up_to_its_own_limit()
    {
        Feed($"a1 APPEND INBOX {{500+}}\r\n{new string('x', 500)}\r\n", 10).Requests.ShouldHaveSingleItem();
        Feed("a1 APPEND INBOX {1001}\r\n", 5).Errors.ShouldHaveSingleItem().Code.ShouldBe(ResponseCode.TooBig);
    }

    [Fact]
    public void A_refused_non_synchronising_literal_is_read_and_dropped_to_stay_in_step()
    {
        var input = $"a1 SELECT {{150+}}\r\n{new string('x', 150)}\r\na2 NOOP\r\n";
        for (var split = 0; split < input.Length; split += 17)
        {
            var (_, requests, errors) = Feed(input, split);
            errors.ShouldHaveSingleItem().Tag.ShouldBe("a1");
            requests.ShouldHaveSingleItem().Tag.ShouldBe("a2", $"split {split}");
        }
    }

    [Fact]
    public void An_overlong_line_is_refused_and_skipped()
    {
        var (_, requests, errors) = Feed($"a1 NOOP {new string('x', 500)}\r\na2 NOOP\r\n", 100);

        errors.ShouldHaveSingleItem().Code.ShouldBe(ResponseCode.TooBig);
        requests.ShouldHaveSingleItem().Tag.ShouldBe("a2");
    }

    [Theory]
    [InlineData("a1 SEARCH ((((((1))))))", "Too many nested parentheses.")]
    [InlineData("a1 SELECT \"unterminated", "Unterminated quoted string.")]
    [InlineData("a1 SELECT \"bad\\escape\"", "Only \\\" and \\\\ may be escaped in a quoted string.")]
    [InlineData("a1 FETCH 1 (FLAGS", "Unclosed parenthesis.")]
    [InlineData("a1 FETCH 1 BODY[TEXT", "Unclosed '['.")]
    [InlineData("a+1 NOOP", "Missing or invalid tag.")]
    [InlineData("a1", "Missing command.")]
    [InlineData("a1  NOOP", "Missing or invalid command.")]
    [InlineData("a1 SELECT INBOX  ", "Unexpected character at position 16.")]
    public void Syntax_errors_are_one_sentence_and_keep_the_tag(string line, string message)
    {
        var error = Feed(line + "\r\n", 0).Errors.ShouldHaveSingleItem();

        error.Text.ShouldBe(message);
        error.Tag.ShouldBe(line.StartsWith("a1", StringComparison.Ordinal) ? "a1" : "*");
    }

    [Fact]
    public void Too_many_literals_are_refused()
    {
        Feed("a1 X {1+}\r\na {1+}\r\nb {1+}\r\nc {1+}\r\nd\r\n", 0).Errors.ShouldHaveSingleItem().Text.ShouldBe("Too many literals.");
    }

    [Fact]
    public void Nil_and_utf8_mailbox_names_and_list_wildcards()
    {
        var request = Feed("a1 LIST \"\" Dossiers/Réunions/%\r\n", 3).Requests.Single();

        request.Arguments.ShouldBe([new ImapString([], false), new ImapAtom("Dossiers/Réunions/%")]);
        Feed("a1 X nil\r\n", 0).Requests.Single().Arguments.Single().ShouldBe(new ImapAtom("nil")); // nil only where the grammar says so
    }
}
