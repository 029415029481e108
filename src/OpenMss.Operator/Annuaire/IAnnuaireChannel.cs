namespace OpenMss.Operator.Annuaire;

/// <summary>What became of one declaration: done, worth trying again later, or refused for good.</summary>
public sealed record DeclarationOutcome(bool Done, bool Permanent, string? Error)
{
    public static DeclarationOutcome Success { get; } = new(true, false, null);

    public static DeclarationOutcome Retry(string error) => new(false, false, error);

    public static DeclarationOutcome Refused(string error) => new(false, true, error);
}

/// <summary>
/// How declarations reach the Annuaire Santé. The web-service contract is not public (spec §13 #10); the FHIR Patch
/// endpoint of the 2026 IG is one channel, and another can be added behind this interface.
/// </summary>
public interface IAnnuaireChannel
{
    Task<DeclarationOutcome> DeclareAsync(BalPublication publication, CancellationToken cancellationToken);
}
