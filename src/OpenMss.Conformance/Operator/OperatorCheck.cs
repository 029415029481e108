using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Operator;

/// <summary>One check of the operator mode: a case and the probes that judge it.</summary>
public sealed record OperatorCheck(ConformanceCase Case, Func<ConformanceCase, OperatorContext, CancellationToken, Task<CaseResult>> Run);
