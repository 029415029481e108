using OpenMss.Storage.Model;

namespace OpenMss.Operator.Administration;

/// <summary>A request to create a BAL, as an administrator gives it (not yet checked).</summary>
/// <param name="IdNat">Holder of a PER or CAB BAL.</param>
/// <param name="IdNatStruc">Structure of an ORG or APP BAL.</param>
/// <param name="AuthorizedIdNats">Professionals who may open an ORG BAL.</param>
public sealed record BalRequest(
    string Address,
    BalType Type,
    string? IdNat,
    string? IdNatStruc,
    IReadOnlyList<string> AuthorizedIdNats,
    bool ListeRouge);
