namespace OpenMss.Conformance.Model;

/// <summary>One run's report: what was tested, when, with which profile, and every case's verdict.</summary>
/// <param name="Mode">lps or operator.</param>
/// <param name="Profile">per-org or app in the LPS mode; the operator's fronts in the operator mode.</param>
/// <param name="Product">The product under test, as the tester names it.</param>
/// <param name="Nil">The NIL declared for it (LPS mode), or null.</param>
public sealed record ConformanceReport(string Mode, string Profile, string Product, string? Nil, DateTimeOffset Started, DateTimeOffset Finished, IReadOnlyList<CaseResult> Results)
{
    public int Level => ComplianceLevel.Of(Results);

    public bool Proven => ComplianceLevel.Proven(Results);

    public int Count(Outcome outcome) => Results.Count(r => r.Outcome == outcome);
}
