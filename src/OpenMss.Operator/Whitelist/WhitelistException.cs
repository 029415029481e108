namespace OpenMss.Operator.Whitelist;

/// <summary>A whitelist refused, with the one sentence that says why; the list in force stays.</summary>
public sealed class WhitelistException(string message, Exception? inner = null) : Exception(message, inner);
