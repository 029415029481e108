namespace OpenMss.Storage.Model;

/// <summary>A hosted mailbox (BAL) as stored.</summary>
/// <param name="Holder">IdNat of the professional (PER, CAB) or IdNatStruc of the structure (ORG, APP).</param>
/// <param name="AuthorizedIdNats">Professionals allowed to open an ORG BAL, in the order they were given.</param>
/// <param name="LastAuthentications">Last successful authentication on each front.</param>
/// <param name="Quota">Its own quota limits; null members take the operator's defaults.</param>
public sealed record Bal(
    long Id,
    string Address,
    BalType Type,
    string Holder,
    IReadOnlyList<string> AuthorizedIdNats,
    BalStatus Status,
    bool ListeRouge,
    DateTimeOffset Created,
    IReadOnlyDictionary<AuthFront, DateTimeOffset> LastAuthentications,
    BalQuota? Quota = null);
