namespace OpenMss.Conformance.Model;

/// <summary>How much a failed case weighs in the compliance level (MSSANTE.md §12): blocking and critical failures lower it, minor ones are reported only.</summary>
public enum Severity
{
    Blocking,
    Critical,
    Minor,
}
