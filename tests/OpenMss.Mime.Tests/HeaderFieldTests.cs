using OpenMss.Mime.Headers;

namespace OpenMss.Mime.Tests;

public sealed class HeaderFieldTests
{
    [Theory]
    [InlineData("=?UTF-8?B?w4lsb8Ovc2U=?=", "Éloïse")]
    [InlineData("=?ISO-8859-1?Q?Fran=E7oise_L=E9ger?=", "Françoise Léger")]
    [InlineData("=?windows-1252?Q?Facture_=80_et_s=9Cur?=", "Facture € et sœur")]
    [InlineData("=?iso-8859-15?q?=A4?=", "€")]
    [InlineData("=?UTF-8?B?Q29tcHRl?= =?UTF-8?Q?_rendu?=", "Compte rendu")] // blanks between encoded words go
    [InlineData("Re: =?UTF-8?Q?caf=C3=A9?= du matin", "Re: café du matin")]
    [InlineData("=?UTF-8*fr?Q?=C3=A9t=C3=A9?=", "été")] // RFC 2231 §5 language
    [InlineData("=?UTF-8?B?w4k?=", "É")] // missing padding
    [InlineData("=?x-unknown?Q?abc?=", "=?x-unknown?Q?abc?=")] // unknown charset: left as is
    [InlineData("=?UTF-7?Q?abc?=", "=?UTF-7?Q?abc?=")] // a charset the runtime disables: left as is
    [InlineData("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=")]
    [InlineData("plain =? not encoded", "plain =? not encoded")]
    public void Encoded_words_decode(string raw, string expected) => EncodedWords.Decode(raw).ShouldBe(expected);

    [Fact]
    public void Rfc2231_continuations_and_charsets_merge()
    {
        var type = ContentType.Parse("application/pdf; name*0*=UTF-8''compte%20rendu%20h%C3%A9mato; name*1=\".pdf\"; x=1")!;

        type.Name.ShouldBe("compte rendu hémato.pdf");
        type.Parameters[0].EncodedValue.ShouldBe("UTF-8''compte%20rendu%20h%C3%A9mato.pdf");
        type.Parameters["x"].ShouldBe("1");
    }

    [Theory]
    [InlineData("application/pdf; x*bad=1; *=2; name=a.pdf")]
    [InlineData("application/pdf; name*1=b; name*0=a")]
    public void Malformed_rfc2231_sections_are_skipped(string value)
    {
        var type = ContentType.Parse(value)!;

        type.Parameters.ShouldNotContain(p => p.Name == "x");
        type.Name.ShouldBeOneOf("a.pdf", "ab");
    }

    [Theory]
    [InlineData("text/plain; charset=\"iso-8859-1\"", "text/plain", "iso-8859-1")]
    [InlineData("TEXT/HTML ; CHARSET=UTF-8 ; format=flowed", "text/html", "UTF-8")]
    [InlineData("text/plain; charset=\"a\\\"b\"", "text/plain", "a\"b")]
    public void Content_types_parse(string value, string media, string charset)
    {
        var type = ContentType.Parse(value)!;
        type.MediaType.ShouldBe(media);
        type.Charset.ShouldBe(charset);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("text/")]
    [InlineData("/plain")]
    [InlineData("text/plain/extra")]
    [InlineData("")]
    public void Unusable_content_types_are_refused(string value) => ContentType.Parse(value).ShouldBeNull();

    [Fact]
    public void Unquoted_values_with_blanks_read_whole_as_broken_mailers_mean_them() =>
        ContentDisposition.Parse("attachment; filename=compte rendu final.pdf")!.FileName.ShouldBe("compte rendu final.pdf");

    [Fact]
    public void Address_lists_with_groups_comments_and_routes()
    {
        var addresses = AddressParser.Parse(
            "\"Dupont, Jean\" <jean.dupont@a.test>, marie@b.test (Marie Test), Equipe: x@c.test, y@c.test;, <@relay.test:z@d.test>, undisclosed-recipients:;");

        addresses.Select(a => (a.Kind, a.Name, a.Route, a.Address)).ShouldBe(
        [
            (AddressKind.Mailbox, "Dupont, Jean", null, "jean.dupont@a.test"),
            (AddressKind.Mailbox, "Marie Test", null, "marie@b.test"),
            (AddressKind.GroupStart, "Equipe", null, null),
            (AddressKind.Mailbox, null, null, "x@c.test"),
            (AddressKind.Mailbox, null, null, "y@c.test"),
            (AddressKind.GroupEnd, null, null, null),
            (AddressKind.Mailbox, null, "@relay.test", "z@d.test"),
            (AddressKind.GroupStart, "undisclosed-recipients", null, null),
            (AddressKind.GroupEnd, null, null, null),
        ]);
    }

    [Fact]
    public void Encoded_display_names_stay_raw_for_imap_and_decode_for_people()
    {
        var address = AddressParser.Parse("=?ISO-8859-1?Q?Fran=E7oise?= <f@a.test>").Single();

        address.Name.ShouldBe("=?ISO-8859-1?Q?Fran=E7oise?=");
        address.DisplayName.ShouldBe("Françoise");
    }

    [Theory]
    [InlineData("Sun, 22 Nov 2026 10:00:00 +0100", "2026-11-22T09:00:00Z")]
    [InlineData("22 Nov 2026 10:00 +0100", "2026-11-22T09:00:00Z")] // no day name, no seconds
    [InlineData("Sun, 22 Nov 26 10:00:00 GMT", "2026-11-22T10:00:00Z")] // two-digit year
    [InlineData("22 Nov 126 10:00:00 +0000", "2026-11-22T10:00:00Z")] // three-digit year
    [InlineData("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", "1996-07-17T09:23:25Z")]
    [InlineData("22 Nov 2026 10:00:00 EST", "2026-11-22T15:00:00Z")]
    [InlineData("22 Nov 2026 10:00:00 Z", "2026-11-22T10:00:00Z")]
    [InlineData("Sunday 22 Nov 2026 10:00:00 +0100", "2026-11-22T09:00:00Z")]
    [InlineData("Sun, 22-Nov-2026 10:00:00 +0100", "2026-11-22T09:00:00Z")]
    public void Dates_in_current_and_obsolete_forms(string value, string utc) =>
        DateParser.Parse(value)!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(utc);

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("32 Nov 2026 10:00:00 +0100")]
    [InlineData("22 Foo 2026 10:00:00 +0100")]
    public void Undated_values_give_null(string value) => DateParser.Parse(value).ShouldBeNull();
}
