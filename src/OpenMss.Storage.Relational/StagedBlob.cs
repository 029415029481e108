namespace OpenMss.Storage.Relational;

/// <summary>Message bytes prepared before the transaction that references them: their id (SHA-256) and size.</summary>
/// <param name="State">Backend-specific: a fsynced temporary file, or the bytes themselves.</param>
/// <param name="Views">What the host's <see cref="BlobViewBuilder"/> made of the bytes, saved with the blob's row.</param>
public sealed record StagedBlob(string Id, long Size, object State, byte[]? Views = null);
