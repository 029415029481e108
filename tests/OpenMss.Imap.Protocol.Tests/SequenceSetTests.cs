namespace OpenMss.Imap.Protocol.Tests;

public sealed class SequenceSetTests
{
    [Theory]
    [InlineData("1", 10U, "1:1")]
    [InlineData("1:*", 10U, "1:10")]
    [InlineData("*", 10U, "10:10")]
    [InlineData("5:3", 10U, "3:5")]
    [InlineData("2,4:7,9,12:*", 15U, "2:2 4:7 9:9 12:15")]
    [InlineData("3,1:2,2:4", 10U, "1:4")]
    [InlineData("*:4", 3U, "3:4")]
    [InlineData("1:*", 0U, "")]
    [InlineData("4294967295", 5U, "4294967295:4294967295")]
    public void Sets_resolve_against_the_largest_number(string text, uint largest, string expected)
    {
        var set = SequenceSet.Parse(text).ShouldNotBeNull();

        string.Join(' ', set.Resolve(largest).Select(r => $"{r.First}:{r.Last}")).ShouldBe(expected);
        set.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1:0")]
    [InlineData("01")]
    [InlineData("1,")]
    [InlineData(",1")]
    [InlineData("1::2")]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("$")]
    public void Invalid_sets_are_refused(string text) => SequenceSet.Parse(text).ShouldBeNull();

    [Theory]
    [InlineData("2:4", 3U, 10U, true)]
    [InlineData("4:2", 2U, 10U, true)]
    [InlineData("2:4", 5U, 10U, false)]
    [InlineData("7:*", 10U, 10U, true)]
    [InlineData("*", 9U, 10U, false)]
    [InlineData("*:3", 4U, 5U, true)]
    [InlineData("1:*", 1U, 0U, false)]
    public void Contains_agrees_with_resolve(string text, uint number, uint largest, bool expected)
    {
        var set = SequenceSet.Parse(text)!;

        set.Contains(number, largest).ShouldBe(expected);
        set.Resolve(largest).Any(r => number >= r.First && number <= r.Last).ShouldBe(expected);
    }

    [Fact]
    public void The_number_of_ranges_is_bounded() =>
        SequenceSet.Parse(string.Join(',', Enumerable.Range(1, SequenceSet.MaxRanges + 1))).ShouldBeNull();
}
