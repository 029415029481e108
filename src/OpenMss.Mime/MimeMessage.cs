namespace OpenMss.Mime;

/// <summary>A parsed message: its bytes, the entity tree over them, and what was repaired.</summary>
public sealed class MimeMessage
{
    internal MimeMessage(ReadOnlyMemory<byte> bytes, MimeEntity root, IReadOnlyList<Repair> repairs, int droppedRepairs)
    {
        Bytes = bytes;
        Root = root;
        Repairs = repairs;
        DroppedRepairs = droppedRepairs;
    }

    /// <summary>The message exactly as stored: every view is a slice of it.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public MimeEntity Root { get; }

    public Headers.HeaderList Headers => Root.Headers;

    public IReadOnlyList<Repair> Repairs { get; }

    /// <summary>Repairs beyond <see cref="MimeLimits.MaxRepairs"/>, counted but not kept.</summary>
    public int DroppedRepairs { get; }

    /// <summary>IMAP RFC822.SIZE: the stored size in bytes.</summary>
    public int Size => Bytes.Length;
}
