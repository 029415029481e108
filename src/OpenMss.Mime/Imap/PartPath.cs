namespace OpenMss.Mime.Imap;

/// <summary>
/// RFC 3501 §6.4.5 part numbers over any tree of entities: a non-multipart entity has a part 1 (its own body); a
/// message/rfc822 part's subparts are those of the message it carries. Used on parsed messages
/// (<see cref="SectionReader"/>) and on the stored layouts of the IMAP server alike.
/// </summary>
public static class PartPath
{
    /// <summary>The entity a part path names; the empty path names the root itself; null when there is none.</summary>
    public static T? Resolve<T>(T root, IReadOnlyList<int> path, Func<T, IReadOnlyList<T>> parts, Func<T, T?> carried)
        where T : class
    {
        var current = root;
        for (var i = 0; i < path.Count; i++)
        {
            var number = path[i];
            // Stepping into a message/rfc822 part (not at the top) means stepping into the message it carries.
            var container = i > 0 && carried(current) is { } message ? message : current;
            var children = parts(container);
            if (children.Count > 0)
            {
                if (number < 1 || number > children.Count)
                {
                    return null;
                }

                current = children[number - 1];
            }
            else if (number == 1)
            {
                current = container;
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}
