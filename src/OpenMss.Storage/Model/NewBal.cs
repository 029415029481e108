namespace OpenMss.Storage.Model;

/// <summary>What it takes to create a BAL; the store does not judge MSSanté rules, the Operator does.</summary>
public sealed record NewBal(
    string Address,
    BalType Type,
    string Holder,
    IReadOnlyList<string> AuthorizedIdNats,
    bool ListeRouge,
    DateTimeOffset Created);
