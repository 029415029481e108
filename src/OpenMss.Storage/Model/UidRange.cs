namespace OpenMss.Storage.Model;

/// <summary>An inclusive range of UIDs; <c>uint.MaxValue</c> as <see cref="Last"/> stands for IMAP's "*".</summary>
public readonly record struct UidRange(uint First, uint Last)
{
    public bool Contains(uint uid) => uid >= First && uid <= Last;
}
