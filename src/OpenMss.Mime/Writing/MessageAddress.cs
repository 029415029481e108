namespace OpenMss.Mime.Writing;

/// <summary>An address to write: an optional display name (any characters) and the address itself.</summary>
public sealed record MessageAddress(string Address, string? Name = null);
