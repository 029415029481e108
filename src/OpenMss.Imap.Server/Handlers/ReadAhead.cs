namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// Gives items back in order while the next few load at once, on other cores: SEARCH over text and SORT by header
/// cost a store lookup, a read and a parse per message (docs/PERFORMANCE.md has the gain). Bounded by items and
/// bytes in flight, so a folder of large messages is never held in memory at once.
/// </summary>
internal static class ReadAhead
{
    /// <summary>Loads in flight at most: enough to overlap store lookups and reads on a few cores.</summary>
    public const int MaxItems = 8;

    /// <summary>Bytes in flight at most (the sum of the items' sizes).</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    public static async IAsyncEnumerable<(TItem Item, TLoaded Loaded)> InOrderAsync<TItem, TLoaded>(
        IReadOnlyList<TItem> items, Func<TItem, long> size, Func<TItem, Task<TLoaded>> load, int maxItems = MaxItems, long maxBytes = MaxBytes)
    {
        var pending = new Queue<(TItem Item, Task<TLoaded> Loading, long Size)>();
        var bytes = 0L;
        var next = 0;
        try
        {
            while (true)
            {
                // The first waiting item always starts, however large: the bound must not stop the search.
                while (next < items.Count && (pending.Count == 0 || (pending.Count < maxItems && bytes + size(items[next]) <= maxBytes)))
                {
                    var item = items[next++];
                    var itemSize = size(item);
                    pending.Enqueue((item, Task.Run(() => load(item)), itemSize));
                    bytes += itemSize;
                }

                if (pending.Count == 0)
                {
                    yield break;
                }

                var (done, loading, doneSize) = pending.Dequeue();
                bytes -= doneSize;
                yield return (done, await loading);
            }
        }
        finally
        {
            // A failed or abandoned search leaves no load running unobserved.
            await ((Task)Task.WhenAll(pending.Select(p => p.Loading))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
