namespace OpenMss.Storage;

/// <summary>Why a store operation was refused; each maps to a protocol code (e.g. IMAP NONEXISTENT, ALREADYEXISTS).</summary>
public enum StoreError
{
    NotFound,
    AlreadyExists,
    Invalid,
    TooLarge,
    SchemaTooNew,
    Unavailable,
    /// <summary>Another writer changed what the operation relied on (e.g. a job lease taken over).</summary>
    Conflict,
}
