using System.Text;

namespace OpenMss.Imap.Protocol;

/// <summary>One element of a request's arguments (RFC 3501 §4): an atom (NIL included), a string (quoted or literal) or a list.</summary>
public abstract record ImapValue;

/// <summary>An atom, kept as written; fetch attributes keep their section and partial (<c>BODY.PEEK[HEADER.FIELDS (FROM)]&lt;0.100&gt;</c>).</summary>
public sealed record ImapAtom(string Text) : ImapValue
{
    public override string ToString() => Text;
}

/// <summary>A quoted string or a literal: bytes, decoded as UTF-8 when text is asked for.</summary>
public sealed record ImapString(byte[] Bytes, bool IsLiteral) : ImapValue
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    public bool Equals(ImapString? other) => other is not null && IsLiteral == other.IsLiteral && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => HashCode.Combine(IsLiteral, Bytes.Length);

    public override string ToString() => IsLiteral ? $"{{{Bytes.Length}}}" : $"\"{Text}\"";
}

public sealed record ImapList(IReadOnlyList<ImapValue> Items) : ImapValue
{
    public bool Equals(ImapList? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;

    public override string ToString() => $"({string.Join(' ', Items)})";
}

/// <summary>A received command: its tag, its name upper-cased, and its arguments.</summary>
public sealed record ImapRequest(string Tag, string Command, IReadOnlyList<ImapValue> Arguments)
{
    /// <summary>The request as a line, literals by their size only (what a transcript may show).</summary>
    public override string ToString() => Arguments.Count == 0 ? $"{Tag} {Command}" : $"{Tag} {Command} {string.Join(' ', Arguments)}";
}

/// <summary>A request that could not be read; the session answers <c>Tag BAD [Code] Text</c> (tag "*" when unknown).</summary>
public sealed record ImapRequestError(string Tag, Responses.ResponseCode? Code, string Text);
