namespace OpenMss.Cli;

/// <summary>What a verb writes to and reads the time from; tests give their own writers and clock.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider Clock)
{
    public static CliContext Console => new(System.Console.Out, System.Console.Error, TimeProvider.System);

    /// <summary>Who the audit trail names for administrative changes made from the command line.</summary>
    public static string Actor => $"cli:{Environment.UserName}";
}
