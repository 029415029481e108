namespace OpenMss.Storage.Model;

/// <summary>What changed in a BAL that the Annuaire must learn; the sender declares the BAL's state at sending time.</summary>
public enum BalChange
{
    Created,
    Status,
    Unpublished,
    Republished,
    Changed,
    Deleted,
}

public enum DeclarationStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>One row of the Annuaire outbox, with the BAL's type and holder because a deleted BAL can no longer be read.</summary>
public sealed record AnnuaireDeclaration(
    long Id,
    string Address,
    BalType Type,
    string Holder,
    BalChange Change,
    DateTimeOffset Created,
    int Attempts,
    DateTimeOffset NextAttempt,
    DeclarationStatus Status,
    string? LastError,
    DateTimeOffset? Finished);
