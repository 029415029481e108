using OpenMss.Mime.Imap;

namespace OpenMss.Imap.Server.Views;

/// <summary>
/// Where one entity of a stored message lies in its bytes: header from <see cref="HeaderStart"/>, body from
/// <see cref="BodyStart"/> to <see cref="End"/>; a multipart's parts, or the message a message/rfc822 part carries.
/// </summary>
public sealed record PartLayout(long HeaderStart, long BodyStart, long End, IReadOnlyList<PartLayout> Parts, PartLayout? Message)
{
    public bool IsMultipart => Parts.Count > 0;

    /// <summary>The entity a part path names (RFC 3501 §6.4.5); the empty path names the message itself.</summary>
    public PartLayout? Resolve(IReadOnlyList<int> path) => PartPath.Resolve(this, path, p => p.Parts, p => p.Message);
}
