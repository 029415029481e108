namespace OpenMss.Storage.Relational;

/// <summary>Collects a check's problems and notes, bounded so a badly broken store still gives a readable report.</summary>
public sealed class StoreCheckFindings
{
    private const int MaxLines = 1000;
    private readonly List<string> _problems = [];
    private readonly List<string> _notes = [];
    private long _unlisted;

    public void Problem(string text)
    {
        if (_problems.Count < MaxLines)
        {
            _problems.Add(text);
        }
        else
        {
            _unlisted++;
        }
    }

    public void Note(string text) => _notes.Add(text);

    public StoreCheck Build(StoreCheckCounts counts)
    {
        var problems = _unlisted == 0 ? _problems : [.. _problems, $"… and {_unlisted} more problems not listed."];
        return new StoreCheck(counts, problems, _notes);
    }
}
