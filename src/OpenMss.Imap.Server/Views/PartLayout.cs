namespace OpenMss.Imap.Server.Views;

/// <summary>
/// Where one entity of a stored message lies in its bytes: header from <see cref="HeaderStart"/>, body from
/// <see cref="BodyStart"/> to <see cref="End"/>; a multipart's parts, or the message a message/rfc822 part carries.
/// </summary>
public sealed record PartLayout(long HeaderStart, long BodyStart, long End, IReadOnlyList<PartLayout> Parts, PartLayout? Message)
{
    public bool IsMultipart => Parts.Count > 0;

    /// <summary>The entity a part path names (RFC 3501 §6.4.5); the empty path names the message itself.</summary>
    public PartLayout? Resolve(IReadOnlyList<int> path)
    {
        var current = this;
        for (var i = 0; i < path.Count; i++)
        {
            var number = path[i];
            // Stepping into a message/rfc822 part (not at the top) means stepping into the message it carries.
            var container = i > 0 && current.Message is { } carried ? carried : current;
            if (container.IsMultipart)
            {
                if (number < 1 || number > container.Parts.Count)
                {
                    return null;
                }

                current = container.Parts[number - 1];
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
