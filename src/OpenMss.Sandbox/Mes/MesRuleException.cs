namespace OpenMss.Sandbox.Mes;

/// <summary>A patient tried what Mon espace santé does not allow (spec §8); the message says what in one sentence.</summary>
public sealed class MesRuleException(string message) : Exception(message);
