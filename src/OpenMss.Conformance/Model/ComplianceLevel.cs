namespace OpenMss.Conformance.Model;

/// <summary>
/// The compliance level of MSSANTE.md §12 derived from failed cases: Niveau 1 with no blocking or critical
/// non-conformity, Niveau 2 with blocking ones, Niveau 3 with critical ones (the graver).
/// </summary>
public static class ComplianceLevel
{
    public static int Of(IEnumerable<CaseResult> results)
    {
        var failed = results.Where(r => r.Outcome == Outcome.Failed).Select(r => r.Case.Severity).ToList();
        return failed.Contains(Severity.Critical) ? 3 : failed.Contains(Severity.Blocking) ? 2 : 1;
    }

    /// <summary>
    /// True when the run proves conformance: no blocking or critical case failed, and none of the observed ones was
    /// left unrun (a referencing report with holes proves nothing; docs/decisions.md). Unanswered attestations do not
    /// count: the report shows them as not run.
    /// </summary>
    public static bool Proven(IEnumerable<CaseResult> results) =>
        !results.Any(r => r.Case.Severity != Severity.Minor
            && (r.Outcome == Outcome.Failed || (r.Outcome == Outcome.NotRun && r.Case.Kind == CaseKind.Observed)));
}
