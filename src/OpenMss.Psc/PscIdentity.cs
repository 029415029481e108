namespace OpenMss.Psc;

/// <summary>The professional a valid token stands for, as PSC describes them.</summary>
/// <param name="IdNat">SubjectNameID (the national identifier, e.g. 8 + RPPS), or preferred_username when absent.</param>
public sealed record PscIdentity(
    string IdNat,
    string? Subject,
    string? GivenName,
    string? FamilyName,
    string? Acr,
    string? Scope,
    DateTimeOffset ExpiresAt);
