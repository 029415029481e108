using OpenMss.Imap.Server.Handlers;

namespace OpenMss.Imap.Server.Tests;

public sealed class ReadAheadTests
{
    [Fact]
    public async Task Items_come_back_in_order_with_no_more_in_flight_than_the_bounds()
    {
        var inFlight = 0;
        var mostInFlight = 0;
        var fourStarted = new SemaphoreSlim(0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sizes = Enumerable.Range(0, 200).Select(i => (long)(i % 7 == 0 ? 5_000 : 100)).ToList();
        var order = new List<int>();
        var reading = Task.Run(async () =>
        {
            await foreach (var (index, loaded) in ReadAhead.InOrderAsync(Enumerable.Range(0, 200).ToList(), i => sizes[i], async i =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref mostInFlight, now);
                if (now == 4)
                {
                    fourStarted.Release();
                }

                await release.Task; // every load waits until the test has seen the window fill
                Interlocked.Decrement(ref inFlight);
                return i * 2;
            }, maxItems: 4, maxBytes: 6_000))
            {
                loaded.ShouldBe(index * 2);
                order.Add(index);
            }
        });

        (await fourStarted.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("items 0 to 3 (5,300 bytes) load at once");
        release.SetResult();
        await reading;

        order.ShouldBe(Enumerable.Range(0, 200));
        mostInFlight.ShouldBe(4, "several load at once, never more than the bound");
    }

    [Fact]
    public async Task An_item_over_the_byte_bound_still_loads_alone()
    {
        var loaded = new List<int>();
        await foreach (var (item, _) in ReadAhead.InOrderAsync([1, 2, 3], _ => 1_000_000L, i => Task.FromResult(i), maxItems: 8, maxBytes: 10))
        {
            loaded.Add(item);
        }

        loaded.ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task A_failed_load_reaches_the_caller_and_leaves_nothing_running()
    {
        var started = 0;
        var finished = 0;
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in ReadAhead.InOrderAsync(Enumerable.Range(0, 50).ToList(), _ => 1L, async i =>
            {
                Interlocked.Increment(ref started);
                await Task.Yield();
                Interlocked.Increment(ref finished);
                return i == 3 ? throw new InvalidOperationException("blob 3 is missing") : i;
            }))
            {
            }
        });

        failure.Message.ShouldBe("blob 3 is missing");
        finished.ShouldBe(started, "every load started had finished when the search ended");
        started.ShouldBeLessThan(50, "loads stop at the failure, past the read-ahead window");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
