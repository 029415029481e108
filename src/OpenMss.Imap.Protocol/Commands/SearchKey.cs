namespace OpenMss.Imap.Protocol.Commands;

/// <summary>
/// One search-key of RFC 3501 §6.4.4 as a tree node: <see cref="Kind"/> is the key's name (ALL, FROM, LARGER, ON,
/// HEADER, NOT, OR...), "SET" for a sequence set, "AND" for a parenthesised list; the operand is in the field that
/// fits it.
/// </summary>
public sealed record SearchKey(string Kind, string? Text = null, string? Field = null, long? Number = null, DateOnly? Date = null, SequenceSet? Set = null, IReadOnlyList<SearchKey>? Children = null)
{
    public IReadOnlyList<SearchKey> Operands => Children ?? [];

    public bool Equals(SearchKey? other) =>
        other is not null && Kind == other.Kind && Text == other.Text && Field == other.Field && Number == other.Number && Date == other.Date
        && Set?.ToString() == other.Set?.ToString() && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => HashCode.Combine(Kind, Text, Number);

    public override string ToString() => Kind switch
    {
        "AND" => $"({string.Join(' ', Operands)})",
        "SET" => Set!.ToString(),
        _ => string.Join(' ', new object?[] { Kind, Field, Text is null ? null : $"\"{Text}\"", Number, Date?.ToString("d-MMM-yyyy", System.Globalization.CultureInfo.InvariantCulture), Set, Operands.Count > 0 ? string.Join(' ', Operands) : null }.OfType<object>()),
    };
}
