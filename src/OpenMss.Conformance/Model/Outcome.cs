namespace OpenMss.Conformance.Model;

/// <summary>A case's verdict: passed or failed on evidence, or not run when nothing it needs was observed (or answered).</summary>
public enum Outcome
{
    Passed,
    Failed,
    NotRun,
}
