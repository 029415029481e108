namespace OpenMss.Conformance.Model;

/// <summary>
/// One test case, as the OpenID conformance suite shapes its modules (EXAMPLES.md §8.2): a stable id, a title, the
/// requirements it checks (ECO.x.y.z of Ref#2, SC.MSS/CONF.nn of the Ségur REM), what the tester must do, a severity
/// and a judge that turns what was observed into a verdict with its evidence.
/// </summary>
public sealed record ConformanceCase(
    string Id,
    string Title,
    IReadOnlyList<string> Requirements,
    Severity Severity,
    CaseKind Kind,
    string Steps);

/// <summary>A case and the judge that gives its verdict from what was observed: the LPS mode's recorded sessions, the operator mode's probes.</summary>
public sealed record JudgedCase<TObservations>(ConformanceCase Case, Func<ConformanceCase, TObservations, CaseResult> Judge)
{
    public CaseResult Run(TObservations observations) => Judge(Case, observations);
}
