using System.Text;

namespace OpenMss.Smtp.Protocol.Tests;

/// <summary>Command lines, good and bad, per RFC 5321 §4.1 rule.</summary>
public sealed class CommandParserTests
{
    private static SmtpCommand Parse(string line) => SmtpCommandParser.Parse(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("EHLO lps.example", "lps.example", true)]
    [InlineData("ehlo [127.0.0.1]", "[127.0.0.1]", true)]
    [InlineData("HELO lps", "lps", false)]
    public void Hello(string line, string domain, bool extended) => Parse(line).ShouldBe(new EhloCommand(domain, extended));

    [Theory]
    [InlineData("MAIL FROM:<jean.dupont@op.mssante.fr>", "jean.dupont@op.mssante.fr", null, false, false)]
    [InlineData("mail from: <a@b.fr> SIZE=1000 BODY=8BITMIME", "a@b.fr", 1000L, true, false)]
    [InlineData("MAIL FROM:<> AUTH=<>", "", null, false, false)]
    [InlineData("MAIL FROM:<élodie@hôpital.fr> SMTPUTF8", "élodie@hôpital.fr", null, false, true)]
    [InlineData("MAIL FROM:<@relay.fr,@r2.fr:a@b.fr>", "a@b.fr", null, false, false)]
    [InlineData("MAIL FROM:<\"jean dupont\"@b.fr>", "\"jean dupont\"@b.fr", null, false, false)]
    public void Mail(string line, string path, long? size, bool eightBit, bool utf8) =>
        Parse(line).ShouldBe(new MailCommand(path, size, eightBit, utf8));

    [Theory]
    [InlineData("RCPT TO:<secretariat@op.mssante.fr>", "secretariat@op.mssante.fr")]
    [InlineData("RCPT TO:<Postmaster>", "postmaster")]
    [InlineData("RCPT TO:<jöe@exämple.fr>", "jöe@exämple.fr")]
    public void Rcpt(string line, string path) => Parse(line).ShouldBe(new RcptCommand(path));

    [Theory]
    [InlineData("MAIL FROM:<a@b.fr> RET=hdrs ENVID=QQ+2B314", "HDRS", "QQ+314")]
    [InlineData("MAIL FROM:<a@b.fr> ENVID=abc", null, "abc")]
    public void Mail_with_dsn_parameters(string line, string? ret, string? envId) =>
        Parse(line).ShouldBe(new MailCommand("a@b.fr", null, false, false) { Ret = ret, EnvId = envId });

    [Theory]
    [InlineData("RCPT TO:<a@b.fr> NOTIFY=success,failure ORCPT=rfc822;a+2Bx@b.fr", "SUCCESS,FAILURE", "rfc822;a+x@b.fr")]
    [InlineData("RCPT TO:<a@b.fr> NOTIFY=NEVER", "NEVER", null)]
    public void Rcpt_with_dsn_parameters(string line, string? notify, string? orcpt) =>
        Parse(line).ShouldBe(new RcptCommand("a@b.fr") { Notify = notify, Orcpt = orcpt });

    [Theory]
    [InlineData("jean+dupont=x@b.fr é")]
    [InlineData("")]
    public void XText_round_trips(string text) => XText.Decode(XText.Encode(text)).ShouldBe(text);

    [Theory]
    [InlineData("BDAT 1000", 1000L, false)]
    [InlineData("BDAT 0 LAST", 0L, true)]
    [InlineData("bdat 12 last", 12L, true)]
    public void Bdat(string line, long size, bool last) => Parse(line).ShouldBe(new BdatCommand(size, last));

    [Theory]
    [InlineData("AUTH XOAUTH2", "XOAUTH2", null)]
    [InlineData("auth plain AGpAZXhhbXBsZQA=", "PLAIN", "AGpAZXhhbXBsZQA=")]
    [InlineData("AUTH OAUTHBEARER =", "OAUTHBEARER", "=")]
    public void Auth(string line, string mechanism, string? initial) => Parse(line).ShouldBe(new AuthCommand(mechanism, initial));

    [Theory]
    [InlineData("EHLO", 501, "5.5.4")]
    [InlineData("MAIL TO:<a@b.fr>", 501, "5.5.4")]
    [InlineData("MAIL FROM:a@b.fr", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.fr> SIZE=abc", 555, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.fr> RET=ALL", 555, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.fr> RET=FULL RET=HDRS", 501, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.fr> ENVID=a=b", 555, "5.5.4")]
    [InlineData("MAIL FROM:<a@b.fr> ENVID=+4", 555, "5.5.4")]
    [InlineData("MAIL FROM:<a@@b.fr>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<a..b@b.fr>", 501, "5.1.7")]
    [InlineData("MAIL FROM:<élodie@b.fr>", 501, "5.1.7")]
    [InlineData("RCPT TO:<>", 501, "5.1.3")]
    [InlineData("RCPT TO:<a@-b.fr>", 501, "5.1.3")]
    [InlineData("RCPT TO:<a@b.fr> NOTIFY=NEVER,FAILURE", 555, "5.5.4")]
    [InlineData("RCPT TO:<a@b.fr> NOTIFY=SOMETIMES", 555, "5.5.4")]
    [InlineData("RCPT TO:<a@b.fr> NOTIFY=FAILURE,FAILURE", 555, "5.5.4")]
    [InlineData("RCPT TO:<a@b.fr> ORCPT=a@b.fr", 555, "5.5.4")]
    [InlineData("RCPT TO:<a@b.fr> NOTIFY=DELAY NOTIFY=DELAY", 501, "5.5.4")]
    [InlineData("RCPT TO:<a@b.fr> FOO=1", 555, "5.5.4")]
    [InlineData("DATA now", 501, "5.5.4")]
    [InlineData("BDAT", 501, "5.5.4")]
    [InlineData("BDAT -1", 501, "5.5.4")]
    [InlineData("BDAT 10 FIRST", 501, "5.5.4")]
    [InlineData("STARTTLS now", 501, "5.5.4")]
    [InlineData("EXPN staff", 502, "5.5.1")]
    [InlineData("FOO bar", 500, "5.5.1")]
    [InlineData("", 500, "5.5.1")]
    [InlineData("NOOP \u0000", 500, "5.5.2")]
    public void Bad_lines_get_their_reply(string line, int code, string enhanced)
    {
        var invalid = Parse(line).ShouldBeOfType<InvalidCommand>();

        (invalid.Reply.Code, invalid.Reply.Enhanced).ShouldBe((code, enhanced));
    }

    [Fact]
    public void Invalid_utf8_is_a_syntax_error() =>
        SmtpCommandParser.Parse([(byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xC3, 0x28]).ShouldBeOfType<InvalidCommand>().Reply.Code.ShouldBe(500);

    [Fact]
    public void A_local_part_over_64_octets_is_refused() =>
        Parse($"RCPT TO:<{new string('a', 65)}@b.fr>").ShouldBeOfType<InvalidCommand>();
}
