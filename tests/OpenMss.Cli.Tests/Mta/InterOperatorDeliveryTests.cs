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

    [Fact]
    public async Task A_message_is_relayed_byte_for_byte_and_the_receiving_mta_only_prepends_its_received_line()
    {
        await _operators.StartAsync(TwoOperators.A);
        await _operators.StartAsync(TwoOperators.B);
        await _operators.SubmitAsync(TwoOperators.A, [$"jean.dupont@{TwoOperators.B.Domain}"], "octet pour octet", bodyBytes: 5000);
        (await _operators.WaitForInboxAsync(TwoOperators.B, "jean.dupont", 1, Seconds)).ShouldHaveSingleItem();

        byte[] sent, stored;
        await using (var a = await _operators.OpenStoreAsync(TwoOperators.A))
        {
            // B stores before it answers 250, and A records the delivery after: wait for A's record.
            var recorded = DateTime.UtcNow.AddSeconds(20);
            while ((await a.Queue.ListAsync(10, default)).ShouldHaveSingleItem().Status != "delivered" && DateTime.UtcNow < recorded)
            {
                await Task.Delay(100);
            }

            var row = (await a.Queue.ListAsync(10, default)).ShouldHaveSingleItem();
            row.Status.ShouldBe("delivered");
            await using var blob = await a.Mailboxes.OpenBlobAsync(row.BlobId, default);
            sent = await ReadAllAsync(blob);
        }

        await using (var b = await _operators.OpenStoreAsync(TwoOperators.B))
        {
            var bal = await b.Directory.FindBalAsync($"jean.dupont@{TwoOperators.B.Domain}", default);
            var inbox = await b.Mailboxes.FindFolderAsync(bal!.Id, "INBOX", default);
            var message = (await b.Mailboxes.FetchAsync(inbox!.Id, OpenMss.Storage.Model.UidSet.All, default)).ShouldHaveSingleItem();
            await using var blob = await b.Mailboxes.OpenBlobAsync(message.BlobId, default);
            stored = await ReadAllAsync(blob);
        }

        var prefix = System.Text.Encoding.ASCII.GetString(stored, 0, stored.Length - sent.Length);
        stored.AsSpan(stored.Length - sent.Length).SequenceEqual(sent).ShouldBeTrue();
        prefix.ShouldStartWith("Received: from mx.operateur-a.mssante.test");
        prefix.ShouldContain("with ESMTPS (TLS1.3");
        prefix.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ShouldAllBe(line => line.StartsWith('\t'));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
