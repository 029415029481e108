namespace OpenMss.Storage;

/// <summary>A refusal by the store, with one sentence that names what was wrong.</summary>
public sealed class StoreException : Exception
{
    public StoreException(StoreError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public StoreError Error { get; }
}
