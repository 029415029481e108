namespace OpenMss.Mime.Headers;

/// <summary>Parameters in header order; names are lower case; the first of a name wins on lookup.</summary>
public sealed class ParameterList(IReadOnlyList<Parameter> parameters) : IReadOnlyList<Parameter>
{
    public static readonly ParameterList Empty = new([]);

    public int Count => parameters.Count;

    public Parameter this[int index] => parameters[index];

    public string? this[string name] => parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    public IEnumerator<Parameter> GetEnumerator() => parameters.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
