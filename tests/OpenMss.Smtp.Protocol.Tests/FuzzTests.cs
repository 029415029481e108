using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using OpenMss.TestSupport;

namespace OpenMss.Smtp.Protocol.Tests;

/// <summary>
/// Random and mutated input into every grammar entry point: nothing throws, nothing loops, limits hold. Budget from
/// OPENMSS_FUZZ_SECONDS (default 5 here), seed from OPENMSS_FUZZ_SEED.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "EHLO lps.test", "MAIL FROM:<a@b.fr> SIZE=10 BODY=8BITMIME SMTPUTF8", "RCPT TO:<\"x y\"@[127.0.0.1]>", "BDAT 10 LAST",
        "AUTH XOAUTH2 dXNlcj1hAWF1dGg9QmVhcmVyIHQBAQ==", "MAIL FROM:<@a,@b:c@d.fr>", "DATA", "RSET", "STARTTLS", "RCPT TO:<Postmaster>",
        "MAIL FROM:<a@b.fr> RET=HDRS ENVID=QQ+2B314", "RCPT TO:<a@b.fr> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+2Bb@c.fr",
    ];

    private static readonly byte[] Alphabet = "<>@:.,;+=\" \t\r\n\0\u0001[]\\ABCDEFGHMT0123456789é"u8.ToArray();

    [Fact]
    public void Parsers_never_throw_on_random_or_mutated_input()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("OPENMSS_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var s) ? Math.Min(s, 5) : 5;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("OPENMSS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var input = FuzzMutator.Mutate(random, Seeds[random.Next(Seeds.Length)], Alphabet);
            try
            {
                _ = SmtpCommandParser.Parse(input);
                var buffer = new ReadOnlySequence<byte>(input);
                while (LineReader.TryRead(ref buffer, 64, out _) is not LineStatus.NeedMore)
                {
                    LineReader.Skip(ref buffer);
                }

                var reader = new MessageContentReader(100, new NullSink());
                var content = new ReadOnlySequence<byte>(input);
                reader.ReadData(ref content);
                reader.Size.ShouldBeLessThanOrEqualTo(input.Length);
                var chunk = new ReadOnlySequence<byte>(input);
                reader.ReadChunk(ref chunk, random.Next(input.Length + 1));
            }
            catch (Exception e) when (e is not ShouldAssertException)
            {
                throw new InvalidOperationException($"Seed {seed}, case {cases}: {Convert.ToBase64String(input)}", e);
            }

            cases++;
        }

        cases.ShouldBeGreaterThan(1000);
    }


    private sealed class NullSink : IContentSink
    {
        public void Write(ReadOnlySpan<byte> bytes)
        {
        }
    }
}
