namespace OpenMss.Operator.Administration;

/// <summary>An administrative request refused by MSSanté rules or by the store, with one sentence saying why.</summary>
public sealed class AdministrationException(string message, Exception? inner = null) : Exception(message, inner);
