namespace OpenMss.Load;

/// <summary>What went wrong in one operation, by the kind the report counts.</summary>
internal enum ErrorKind
{
    Connect,
    Tls,
    Timeout,
    Closed,
    Protocol,
    Auth,
    Rejected,
    Deferred,
}

/// <summary>An operation that failed; the worker records its kind and carries on (reconnecting when it must).</summary>
internal sealed class LoadException(ErrorKind kind, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
}
