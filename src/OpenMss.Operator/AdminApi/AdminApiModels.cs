using OpenMss.Storage.Model;

namespace OpenMss.Operator.AdminApi;

/// <summary>A new BAL: PER/CAB with idNat, ORG/APP with idNatStruc (the names of sandbox.json's accounts).</summary>
public sealed record NewBalRequest(string Address, string Type, string? IdNat, string? IdNatStruc, IReadOnlyList<string>? AuthorizedIdNats, bool ListeRouge);

public sealed record NewDomainRequest(string Name);

public sealed record StatusRequest(string Status);

public sealed record ListeRougeRequest(bool ListeRouge);

public sealed record AuthorizedUsersRequest(IReadOnlyList<string> IdNats);

/// <summary>An export of the indicator files: a month, or a range of days (both ends included).</summary>
public sealed record IndicatorExportRequest(string? Month, string? From, string? To);

/// <summary>A BAL as the API gives it, with where its Annuaire declaration stands.</summary>
public sealed record BalResponse(
    string Address, string Type, string? IdNat, string? IdNatStruc, IReadOnlyList<string> AuthorizedIdNats, string Status, bool ListeRouge,
    DateTimeOffset Created, IReadOnlyDictionary<string, DateTimeOffset> LastAuthentication, DeclarationResponse? Annuaire)
{
    /// <summary>On creation of a PER BAL: the other BALs the Annuaire lists in the holder's name (MSS 17).</summary>
    public IReadOnlyList<string>? OtherBalsOfHolder { get; init; }

    public static BalResponse From(Bal bal, AnnuaireDeclaration? declaration)
    {
        var person = bal.Type is BalType.Per or BalType.Cab;
        return new BalResponse(
            bal.Address, bal.Type.ToString().ToUpperInvariant(), person ? bal.Holder : null, person ? null : bal.Holder, bal.AuthorizedIdNats,
            bal.Status.ToString().ToLowerInvariant(), bal.ListeRouge, bal.Created,
            bal.LastAuthentications.ToDictionary(l => l.Key == AuthFront.AuthCli ? "authcli" : "psc", l => l.Value),
            declaration is null ? null : DeclarationResponse.From(declaration));
    }
}

public sealed record DeclarationResponse(long Id, string Address, string Change, string Status, int Attempts, string? LastError, DateTimeOffset Created, DateTimeOffset? NextAttempt, DateTimeOffset? Finished)
{
    public static DeclarationResponse From(AnnuaireDeclaration d) => new(
        d.Id, d.Address, d.Change.ToString().ToLowerInvariant(), d.Status.ToString().ToLowerInvariant(), d.Attempts, d.LastError, d.Created,
        d.Status == DeclarationStatus.Pending ? d.NextAttempt : null, d.Finished);
}

public sealed record AuditResponse(long Id, DateTimeOffset At, string Category, string Action, string Outcome, string? Bal, string? Front, string? Mechanism, string? Reason, string? Actor)
{
    public static AuditResponse From(AuditRecord r) =>
        new(r.Id, r.Event.At, r.Event.Category, r.Event.Action, r.Event.Outcome, r.Event.BalAddress, r.Event.Front, r.Event.Mechanism, r.Event.Reason, r.Event.Actor);
}

public sealed record LifecycleStepResponse(string Bal, string Action, DateTimeOffset LastActivity, DateTimeOffset Deletion);

public sealed record LifecyclePreviewResponse(DateTimeOffset At, long Scanned, IReadOnlyList<LifecycleStepResponse> Due);

public sealed record IndicatorExportResponse(string Period, long MessageRows, IReadOnlyList<string> MessageFiles, long ConnectionRows, IReadOnlyList<string> ConnectionFiles);
