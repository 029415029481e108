namespace OpenMss.Cli;

/// <summary>A verb that checked something and found it wrong: its report is printed, then this sentence, exit 1.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
