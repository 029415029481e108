using OpenMss.TestSupport;

namespace OpenMss.Cli.Tests.Mta;

/// <summary>Mail between two operator processes over real mutual TLS, under the whitelist, both ways.</summary>
public sealed class InterOperatorDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(30);
    private TwoOperators _operators = null!;

    public async Task InitializeAsync() => _operators = await TwoOperators.CreateAsync();

    public async Task DisposeAsync() => await _operators.DisposeAsync();

    [Fact]
    public async Task A_message_crosses_from_A_to_B_and_back()
    {
        await _operators.StartAsync(TwoOperators.A);
        await _operators.StartAsync(TwoOperators.B);

        await _operators.SubmitAsync(TwoOperators.A, [$"jean.dupont@{TwoOperators.B.Domain}", $"jean.dupont@{TwoOperators.A.Domain}"], "from A");
        await _operators.SubmitAsync(TwoOperators.B, [$"jean.dupont@{TwoOperators.A.Domain}"], "from B");

        (await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 1, Seconds)).ShouldBe(["from A"], _operators.Log(TwoOperators.A));
        (await _operators.WaitForInboxAsync(TwoOperators.A, "jean.dupont", 2, Seconds)).ShouldBe(["from A", "from B"], ignoreOrder: true, _operators.Log(TwoOperators.B));
        var received = (await _operators.InboxAsync(TwoOperators.B, "jean.dupont")).ShouldHaveSingleItem();
        received.Headers.Count(h => h.Id == MimeKit.HeaderId.Received).ShouldBe(2); // the submission server's, then the receiving MTA's
    }
}
