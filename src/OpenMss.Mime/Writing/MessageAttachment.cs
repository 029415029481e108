namespace OpenMss.Mime.Writing;

/// <summary>A file to attach: its name (any characters), media type and bytes.</summary>
public sealed record MessageAttachment(string FileName, string MediaType, byte[] Content, bool Inline = false, string? ContentId = null);
