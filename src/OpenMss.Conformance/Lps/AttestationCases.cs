using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Lps;

/// <summary>Declarative requirements no session can show: the tester answers them, and the report says they were attested, not observed.</summary>
public static class AttestationCases
{
    public static JudgedCase<LpsObservations> TokenStorage() => Attested(
        new(CaseIds.TokenStorage, "The PSC access token is never stored permanently", ["ECO.1.2.5", "SC.MSS/CONF.28"], Severity.Critical, CaseKind.Attestation,
            "Attest that the LPS keeps PSC access tokens in protected memory only, for their lifetime at most, never on disk."));

    public static JudgedCase<LpsObservations> FunctionalTraces() => Attested(
        new(CaseIds.FunctionalTraces, "Functional traces of sending and receiving", ["ECO.4.1.1", "ECO.4.1.2", "SC.MSS/CONF.17", "SC.MSS/CONF.18"], Severity.Minor, CaseKind.Attestation,
            "Attest that the LPS keeps functional traces of the messages it sends and receives (who, when, which BAL), without their content."));

    public static JudgedCase<LpsObservations> CrlKept() => Attested(
        new(CaseIds.CrlKept, "The last valid CRL is kept", ["ECO.1.1.7", "SC.MSS/CONF.22"], Severity.Critical, CaseKind.Attestation,
            "Attest that the LPS keeps the last CRL that has not expired and uses it when the distribution point cannot be reached."));

    private static JudgedCase<LpsObservations> Attested(ConformanceCase definition) => new(
        definition,
        (c, o) => o.Attestations.TryGetValue(c.Id, out var answer)
            ? answer.Yes
                ? CaseResult.Passed(c, "Attested by the tester.", new Evidence("attestation", answer.Comment ?? "yes"))
                : CaseResult.Failed(c, "The tester answered no.", new Evidence("attestation", answer.Comment ?? "no"))
            : CaseResult.NotRun(c, "Not answered (guided mode asks; scripted mode reads --attestations FILE)."));
}
