using System.Text;

namespace OpenMss.Imap.Server.Sorting;

/// <summary>
/// The i;unicode-casemap collation (RFC 5051), which SORT uses for its text keys (RFC 5256 §3): each string is case
/// folded (titlecase, which .NET's invariant upper case matches outside a handful of digraphs), decomposed (NFKD),
/// and compared as UTF-8 octets, that is by code point. Like Dovecot, it folds again after the decomposition, so
/// that a compatibility character's lower-case expansion ("ﬁ" to "fi") folds as its letters do.
/// </summary>
internal static class UnicodeCasemap
{
    public static string Key(string text)
    {
        var once = Fold(text);
        return Fold(once.IsNormalized(NormalizationForm.FormKD) ? once : once.Normalize(NormalizationForm.FormKD));
    }

    private static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            folded.Append(Rune.ToUpperInvariant(rune).ToString());
        }

        return folded.ToString();
    }

    /// <summary>Compares two keys by code point (UTF-16 ordinal order puts U+E000–U+FFFF after the surrogates).</summary>
    public static int Compare(string x, string y)
    {
        var left = x.EnumerateRunes();
        var right = y.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }

            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
