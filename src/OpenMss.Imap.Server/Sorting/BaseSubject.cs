using System.Text;
using System.Text.RegularExpressions;

namespace OpenMss.Imap.Server.Sorting;

/// <summary>
/// The base subject of RFC 5256 §2.1: the subject without its reply and forward markers ("Re:", "Fwd:", "[list]",
/// "(fwd)", "[fwd: …]"), so that a thread's messages sort together. The subject arrives decoded (step 1's encoded
/// words); case is left to the collation.
/// </summary>
internal static partial class BaseSubject
{
    // subj-trailer = "(fwd)" / WSP
    [GeneratedRegex(@"(\(fwd\)|[ \t])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Trailer();

    // subj-leader = (*subj-blob subj-refwd) / WSP; subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
    [GeneratedRegex(@"^((\[[^\[\]]*\][ \t]*)*(re|fwd?)[ \t]*(\[[^\[\]]*\][ \t]*)?:|[ \t])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Leader();

    // subj-blob = "[" *BLOBCHAR "]" *WSP
    [GeneratedRegex(@"^\[[^\[\]]*\][ \t]*", RegexOptions.CultureInvariant)]
    private static partial Regex Blob();

    public static string Of(string? subject)
    {
        // Step 1: continuations and tabs are spaces, runs of spaces one space.
        var text = Collapse(subject ?? "");
        while (true)
        {
            // Step 2: trailers off, one at a time.
            for (var m = Trailer().Match(text); m.Success; m = Trailer().Match(text))
            {
                text = text[..m.Index];
            }

            // Steps 3 to 5: leaders off, and a leading blob when something is left after it.
            bool changed;
            do
            {
                changed = false;
                for (var m = Leader().Match(text); m.Success; m = Leader().Match(text))
                {
                    text = text[m.Length..];
                    changed = true;
                }

                if (Blob().Match(text) is { Success: true } blob && text.Length > blob.Length)
                {
                    text = text[blob.Length..];
                    changed = true;
                }
            }
            while (changed);

            // Step 6: "[fwd: …]" wraps the subject; unwrap and start again.
            if (text.StartsWith("[fwd:", StringComparison.OrdinalIgnoreCase) && text.EndsWith(']'))
            {
                text = text[5..^1];
                continue;
            }

            return text;
        }
    }

    private static string Collapse(string subject)
    {
        var result = new StringBuilder(subject.Length);
        foreach (var c in subject)
        {
            var space = c is ' ' or '\t' or '\r' or '\n';
            if (!space || result.Length == 0 || result[^1] != ' ')
            {
                result.Append(space ? ' ' : c);
            }
        }

        return result.ToString();
    }
}
