namespace OpenMss.Conformance.Model;

/// <summary>What proves a verdict: where it was seen (a session, the DNS, the tester's answer) and the excerpt, secrets redacted.</summary>
public sealed record Evidence(string Source, string Excerpt);
