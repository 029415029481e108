namespace OpenMss.Storage;

/// <summary>
/// Builds the views kept beside a blob from its bytes, for the layer that reads them (the IMAP server's ENVELOPE,
/// BODYSTRUCTURE and part offsets); null when it has none. The store treats the result as opaque bytes. The content
/// is only lent for the call: the builder must not keep it.
/// </summary>
public delegate byte[]? BlobViewBuilder(ReadOnlyMemory<byte> content);
