using OpenMss.Mime.Headers;

namespace OpenMss.Operator.Submission;

/// <summary>
/// The header From of a submitted message is the authenticated BAL, alone, with any display name (DESIGN §4): an LPS
/// must not send as someone else across the trust space. One From field (RFC 5322 §3.6). A message without From
/// gets the BAL added by the session (RFC 6409 §8) and never reaches this rule.
/// </summary>
public static class SubmissionAuthor
{
    /// <summary>Null when the From fields name <paramref name="sender"/> alone, else the sentence of the 550 5.7.1.</summary>
    public static string? Problem(string sender, IReadOnlyList<string> fromFields)
    {
        if (fromFields.Count != 1)
        {
            return $"A message has one From field (RFC 5322 §3.6); this one has {fromFields.Count}.";
        }

        var entries = AddressParser.Parse(fromFields[0]);
        return entries.Count == 1 && entries[0].Kind == AddressKind.Mailbox && string.Equals(entries[0].Address, sender, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"The From of a message sent by {sender} must be that BAL alone (any display name); it is {Printable(fromFields[0])}.";
    }

    /// <summary>The client's From as it can be quoted in a reply line: printable ASCII, bounded.</summary>
    private static string Printable(string value)
    {
        var printable = new string(value.Where(c => c is >= ' ' and <= '~').Take(200).ToArray());
        return printable.Length == 0 ? "empty" : printable;
    }
}
