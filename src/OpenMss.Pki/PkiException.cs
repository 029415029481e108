namespace OpenMss.Pki;

/// <summary>A test PKI request that cannot be carried out, with one sentence saying why.</summary>
public sealed class PkiException(string message, Exception? inner = null) : Exception(message, inner);
