namespace OpenMss.Storage.Relational;

/// <summary>Message bytes prepared before the transaction that references them: their id (SHA-256) and size.</summary>
/// <param name="State">Backend-specific: a fsynced temporary file, or the bytes themselves.</param>
public sealed record StagedBlob(string Id, long Size, object State);
