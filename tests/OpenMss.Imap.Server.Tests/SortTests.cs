using System.Text;
using OpenMss.Imap.Server.Sorting;
using OpenMss.TestSupport;

namespace OpenMss.Imap.Server.Tests;

/// <summary>SORT (RFC 5256): the base subject, the i;unicode-casemap collation (RFC 5051), the sent date and the addresses.</summary>
public sealed class SortTests
{
    [Theory]
    [InlineData("Re: Compte rendu", "Compte rendu")]
    [InlineData("RE: re: Fwd: Compte rendu", "Compte rendu")]
    [InlineData("Fw: Compte rendu (fwd)", "Compte rendu")]
    [InlineData("[MSS] Re: Compte rendu", "Compte rendu")]
    [InlineData("Re [MSS]: Compte rendu", "Compte rendu")]
    [InlineData("[fwd: Re: Compte rendu]", "Compte rendu")]
    [InlineData("[MSS] Compte rendu", "Compte rendu")] // a leading blob goes when something is left after it
    [InlineData("[MSS]", "[MSS]")]
    [InlineData("  Compte\t  rendu  ", "Compte rendu")]
    [InlineData("Reply to me", "Reply to me")]
    [InlineData("", "")]
    public void Base_subject_drops_reply_and_forward_markers(string subject, string expected) =>
        BaseSubject.Of(subject).ShouldBe(expected);

    [Fact]
    public void Unicode_casemap_folds_case_and_accents_by_decomposition()
    {
        // NFKD puts "É" after "E" and before "F" (E + combining acute), whatever the case.
        var words = new[] { "fin", "Étude", "etude", "Zèbre", "analyse", "ﬁn" }.OrderBy(UnicodeCasemap.Key, Comparer<string>.Create(UnicodeCasemap.Compare)).ToList();
        words.ShouldBe(["analyse", "etude", "Étude", "fin", "ﬁn", "Zèbre"]);
        UnicodeCasemap.Compare(UnicodeCasemap.Key("ﬁn"), UnicodeCasemap.Key("FIN")).ShouldBe(0); // the ligature decomposes (K)
        UnicodeCasemap.Compare("\uFFFD", "\U0001F600").ShouldBeLessThan(0); // by code point, not UTF-16 unit
    }

    [Fact]
    public async Task Sort_orders_by_sent_date_in_utc_and_by_subject_and_address_across_scripts()
    {
        await using var server = await ImapServer.StartAsync();
        string[] messages =
        [
            "From: Zoé <zoe@op.test>\r\nTo: b@op.test\r\nSubject: =?utf-8?q?Re=3A_=C3=A9tude?=\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\n\r\n1\r\n",
            "From: alice@op.test\r\nTo: a@op.test\r\nSubject: Fwd: Etude\r\nDate: Mon, 23 Nov 2026 07:30:00 -0100\r\n\r\n2\r\n",
            "From: Émile <emile@op.test>\r\nSubject: analyse\r\nDate: not a date\r\n\r\n3\r\n",
            "From: bob@op.test\r\nTo: c@op.test\r\nSubject: [MSS] bilan\r\nDate: Mon, 23 Nov 2026 08:00:00 +0000\r\n\r\n4\r\n",
        ];
        foreach (var message in messages)
        {
            await server.AppendAsync("INBOX", Encoding.UTF8.GetBytes(message));
        }

        await using var client = await server.AuthenticatedAsync();
        await client.CommandAsync("SELECT INBOX");

        // Sent in UTC: 1 at 08:00, 2 at 08:30, 4 at 08:00 on 23 Nov; 3 has no readable date, so its internal date (22 Nov).
        (await client.CommandAsync("SORT (DATE) UTF-8 ALL")).Untagged.ShouldBe(["* SORT 3 1 4 2"]);
        (await client.CommandAsync("SORT (REVERSE DATE) UTF-8 ALL")).Untagged.ShouldBe(["* SORT 2 1 4 3"]);
        // Base subjects: étude, Etude, analyse, bilan; "étude" and "Etude" differ only by the accent, which sorts after.
        (await client.CommandAsync("SORT (SUBJECT) UTF-8 ALL")).Untagged.ShouldBe(["* SORT 3 4 2 1"]);
        // The local part of the first address: zoe, alice, emile, bob.
        (await client.CommandAsync("SORT (FROM) UTF-8 ALL")).Untagged.ShouldBe(["* SORT 2 4 3 1"]);
        // No To sorts first ("").
        (await client.CommandAsync("SORT (TO) UTF-8 ALL")).Untagged.ShouldBe(["* SORT 3 2 1 4"]);
        (await client.CommandAsync("UID SORT (SUBJECT) UTF-8 FROM op.test NOT SUBJECT analyse")).Untagged.ShouldBe(["* SORT 4 2 1"]);
    }
}
