namespace OpenMss.Lps.Autoconfiguration;

/// <summary>
/// Chooses among SRV records the way MSSanté uses them (ECO.1.1.9): the priority is the BAL type's front, never a
/// preference, so only the records of that one priority are kept (no fallback from 10 to 20 or back); among them the
/// RFC 2782 weighted random order, a record of weight 0 being tried last among equals, and "." meaning no service.
/// </summary>
public static class SrvSelection
{
    /// <summary>The records of <paramref name="priority"/>, in the order to try them.</summary>
    public static IReadOnlyList<ServiceEndpoint> Order(IEnumerable<SrvRecord> records, ushort priority, Random random)
    {
        var pool = records
            .Where(r => r.Priority == priority && r.Target.TrimEnd('.').Length > 0)
            .OrderBy(r => r.Weight == 0 ? 0 : 1) // RFC 2782: zero-weight records first in the list, so they rarely win
            .ToList();
        var ordered = new List<ServiceEndpoint>(pool.Count);
        while (pool.Count > 0)
        {
            var total = pool.Sum(r => (int)r.Weight);
            var pick = random.Next(total + 1); // uniform in 0..total, RFC 2782's "random number between 0 and the sum"
            var running = 0;
            var chosen = pool.Count - 1;
            for (var i = 0; i < pool.Count; i++)
            {
                running += pool[i].Weight;
                if (running >= pick)
                {
                    chosen = i;
                    break;
                }
            }

            ordered.Add(new ServiceEndpoint(pool[chosen].Target.TrimEnd('.'), pool[chosen].Port));
            pool.RemoveAt(chosen);
        }

        return ordered;
    }
}
