namespace OpenMss.Conformance.Model;

/// <summary>One case's verdict with the sentence that explains it and the evidence behind it.</summary>
public sealed record CaseResult(ConformanceCase Case, Outcome Outcome, string Summary, IReadOnlyList<Evidence> Evidence)
{
    public static CaseResult Passed(ConformanceCase conformanceCase, string summary, params Evidence[] evidence) => new(conformanceCase, Outcome.Passed, summary, evidence);

    public static CaseResult Failed(ConformanceCase conformanceCase, string summary, params Evidence[] evidence) => new(conformanceCase, Outcome.Failed, summary, evidence);

    public static CaseResult NotRun(ConformanceCase conformanceCase, string summary, params Evidence[] evidence) => new(conformanceCase, Outcome.NotRun, summary, evidence);
}
