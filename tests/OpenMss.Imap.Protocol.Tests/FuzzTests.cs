using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Protocol.Tests;

/// <summary>
/// Mutated requests through the receiver and the command parser: only the documented refusals come out (an error
/// status, ImapSyntaxException, UnsupportedCharsetException), never a crash or a hang. Budget from
/// OPENMSS_FUZZ_SECONDS (at most 5 here), seed from OPENMSS_FUZZ_SEED.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "a FETCH 1:* (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (DATE FROM)]<0.100>)", "a UID SEARCH OR (UNSEEN LARGER 100) NOT FROM \"x\" 1:4",
        "a APPEND INBOX (\\Seen) \"05-Nov-2026 14:30:00 +0100\" {5+}\r\nhello", "a LIST (SPECIAL-USE) \"\" R&AOk-unions/%", "a STORE 1 +FLAGS.SILENT (\\Deleted)",
        "a AUTHENTICATE XOAUTH2 dXNlcj0=", "a ID (\"name\" \"x\")", "a STATUS INBOX (UIDNEXT MESSAGES)", "a SELECT {5+}\r\nINBOX",
        "a UID SORT (REVERSE SUBJECT DATE) UTF-8 OR SEEN FROM \"x\"", "a FETCH 1 (BINARY.PEEK[1.2]<0.10> BINARY.SIZE[2])", "a APPEND INBOX ~{3+}\r\n\0\u0001x",
        "a GETQUOTAROOT INBOX", "a SETQUOTA BAL (STORAGE 512)", "a STATUS INBOX (DELETED DELETED-STORAGE)", "a ENABLE IMAP4rev2",
    ];

    private static readonly byte[] Alphabet = "()[]<>{}\"\\ +-.:*%,0123456789\r\nABCHNOPTUXS&~"u8.ToArray();

    [Fact]
    public void Receiver_and_parser_only_refuse_as_documented()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("OPENMSS_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var s) ? Math.Min(s, 5) : 5;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("OPENMSS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var limits = new ImapLimits { MaxLineLength = 300, MaxLiteral = 50, MaxAppendLiteral = 100, MaxDepth = 8 };
        var clock = Stopwatch.StartNew();
        var cases = 0;
        // The budget is wall time, which a loaded machine eats: at least 1,000 cases are run, within 60 s, before
        // concluding; when too few ran, the slowest case is named with its seed (a pathological input, or a starved
        // process: a loaded run once stalled a single case 6 s).
        var slowest = (Time: TimeSpan.Zero, Input: Array.Empty<byte>());
        while ((clock.Elapsed < TimeSpan.FromSeconds(seconds) || cases < 1000) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var started = clock.Elapsed;
            var input = FuzzMutator.Mutate(random, Seeds[random.Next(Seeds.Length)] + "\r\n", Alphabet);
            try
            {
                var receiver = new ImapReceiver(limits);
                var buffer = new ReadOnlySequence<byte>(input);
                for (var steps = 0; steps < 1000; steps++)
                {
                    var status = receiver.Receive(ref buffer);
                    if (status == ReceiveStatus.Request)
                    {
                        try
                        {
                            _ = ImapCommandParser.Parse(receiver.Request!);
                        }
                        catch (Exception e) when (e is ImapSyntaxException or UnsupportedCharsetException)
                        {
                        }
                    }
                    else if (status == ReceiveStatus.NeedMore)
                    {
                        break;
                    }
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Seed {seed}, case {cases}: {Convert.ToBase64String(input)}", e);
            }

            cases++;
            if (clock.Elapsed - started > slowest.Time)
            {
                slowest = (clock.Elapsed - started, input);
            }
        }

        cases.ShouldBeGreaterThanOrEqualTo(1000, $"Seed {seed}; slowest case {slowest.Time.TotalMilliseconds:0} ms: {Convert.ToBase64String(slowest.Input)}");
    }
}
