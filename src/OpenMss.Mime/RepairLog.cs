namespace OpenMss.Mime;

/// <summary>Collects repairs up to the limit, counting the rest.</summary>
internal sealed class RepairLog(int max)
{
    public List<Repair> Items { get; } = [];

    public int Dropped { get; private set; }

    public void Add(long offset, RepairKind kind, string description)
    {
        if (Items.Count < max)
        {
            Items.Add(new Repair(offset, kind, description));
        }
        else
        {
            Dropped++;
        }
    }
}
