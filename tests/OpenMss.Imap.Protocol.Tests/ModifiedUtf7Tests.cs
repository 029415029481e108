namespace OpenMss.Imap.Protocol.Tests;

public sealed class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Réunions", "R&AOk-unions")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [InlineData("A&B", "A&-B")]
    [InlineData("Comptes rendus/Échographie", "Comptes rendus/&AMk-chographie")]
    public void Names_round_trip(string name, string encoded)
    {
        ModifiedUtf7.Encode(name).ShouldBe(encoded);
        ModifiedUtf7.Decode(encoded).ShouldBe(name);
    }

    [Theory]
    [InlineData("&Jjo!")]
    [InlineData("&U,BTFw")]
    [InlineData("&AGE-")]
    [InlineData("caf\u00e9")]
    [InlineData("&A-")]
    public void Invalid_names_are_refused(string text) => ModifiedUtf7.Decode(text).ShouldBeNull();
}
