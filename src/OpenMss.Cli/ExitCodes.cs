namespace OpenMss.Cli;

/// <summary>The exit codes scripts rely on (DESIGN.md §5).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation was refused or failed (MSSanté rule, store, PKI); stderr says why in one sentence.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown verb or option, missing or malformed argument).</summary>
    public const int Usage = 2;
}
