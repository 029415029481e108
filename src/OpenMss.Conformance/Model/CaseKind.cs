namespace OpenMss.Conformance.Model;

/// <summary>Observed cases are judged from sessions and DNS queries; attestations are declarative requirements the tester answers.</summary>
public enum CaseKind
{
    Observed,
    Attestation,
}
