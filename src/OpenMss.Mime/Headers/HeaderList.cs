namespace OpenMss.Mime.Headers;

/// <summary>The header fields of one entity, in message order; names compare without case.</summary>
public sealed class HeaderList : IReadOnlyList<Header>
{
    public static readonly HeaderList Empty = new([]);

    private readonly List<Header> _headers;

    internal HeaderList(List<Header> headers)
    {
        _headers = headers;
    }

    public int Count => _headers.Count;

    public Header this[int index] => _headers[index];

    /// <summary>The first field of that name, or null.</summary>
    public Header? this[string name]
    {
        get
        {
            foreach (var header in _headers)
            {
                if (header.Is(name))
                {
                    return header;
                }
            }

            return null;
        }
    }

    public IEnumerable<Header> All(string name) => _headers.Where(h => h.Is(name));

    public IEnumerator<Header> GetEnumerator() => _headers.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
