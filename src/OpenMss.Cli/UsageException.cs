namespace OpenMss.Cli;

/// <summary>A command line that parses but does not make sense (e.g. --data and --store together).</summary>
public sealed class UsageException(string message) : Exception(message);
