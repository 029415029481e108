namespace OpenMss.Conformance.Lps;

/// <summary>How one LPS run goes: the product tested, its declared NIL, the time allowed, one case or all, the command that plays the LPS (scripted mode) and the tester's attestations.</summary>
/// <param name="RunCommand">With it, the scripted mode: the command runs once everything listens, and the run is judged when it exits. Without, the guided mode.</param>
public sealed record LpsRunOptions(
    string Product,
    string? Nil,
    TimeSpan Timeout,
    string? Only,
    string? RunCommand,
    IReadOnlyDictionary<string, Attestation> Attestations);
