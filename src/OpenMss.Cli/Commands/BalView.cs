using System.Globalization;
using OpenMss.Operator.Administration;
using OpenMss.Storage.Model;

namespace OpenMss.Cli.Commands;

/// <summary>A BAL as the CLI shows it; JSON field names match sandbox.json's accounts (idNat, idNatStruc, authorizedIdNats).</summary>
internal sealed record BalView(
    string Address,
    string Type,
    string? IdNat,
    string? IdNatStruc,
    IReadOnlyList<string> AuthorizedIdNats,
    string Status,
    bool ListeRouge,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, DateTimeOffset> LastAuthentication,
    IReadOnlyList<FolderView>? Folders,
    AnnuaireView? Annuaire = null)
{
    public static BalView From(Bal bal, IReadOnlyList<FolderView>? folders = null, AnnuaireView? annuaire = null)
    {
        var heldByPerson = bal.Type is BalType.Per or BalType.Cab;
        return new BalView(
            bal.Address,
            BalAdministration.Name(bal.Type),
            heldByPerson ? bal.Holder : null,
            heldByPerson ? null : bal.Holder,
            bal.AuthorizedIdNats,
            BalAdministration.Name(bal.Status),
            bal.ListeRouge,
            bal.Created,
            bal.LastAuthentications.ToDictionary(l => l.Key == AuthFront.AuthCli ? "authcli" : "psc", l => l.Value),
            folders,
            annuaire);
    }

    public string ToText()
    {
        var lines = new List<string>
        {
            $"address:      {Address}",
            $"type:         {Type}",
            IdNat is null ? $"idNatStruc:   {IdNatStruc}" : $"idNat:        {IdNat}",
            $"authorised:   {(AuthorizedIdNats.Count == 0 ? "-" : string.Join(", ", AuthorizedIdNats))}",
            $"status:       {Status}",
            $"liste rouge:  {(ListeRouge ? "yes" : "no")}",
            $"created:      {Time(Created)}",
            $"last auth:    psc {Last("psc")}, authcli {Last("authcli")}",
        };
        if (Annuaire is not null)
        {
            lines.Add($"annuaire:     {Annuaire.ToText()}");
        }

        foreach (var folder in Folders ?? [])
        {
            lines.Add($"folder:       {folder.Name}{(folder.SpecialUse is null ? "" : $" ({folder.SpecialUse})")}: {folder.Messages} messages, UIDVALIDITY {folder.UidValidity}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    public string ToLine() => $"{Address,-48} {Type,-4} {Status,-12} {IdNat ?? IdNatStruc}{(ListeRouge ? "  liste-rouge" : "")}";

    private string Last(string front) => LastAuthentication.TryGetValue(front, out var at) ? Time(at) : "never";

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A folder as <c>bal show</c> lists it.</summary>
internal sealed record FolderView(string Name, string? SpecialUse, uint Messages, uint UidValidity, uint UidNext);

/// <summary>Where the BAL's Annuaire declaration stands: the latest outbox row, and its failure if it has one.</summary>
internal sealed record AnnuaireView(string State, string Change, int Attempts, string? LastError, DateTimeOffset? NextAttempt)
{
    public static AnnuaireView? From(IReadOnlyList<AnnuaireDeclaration> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var latest = rows[0];
        return new AnnuaireView(
            latest.Status.ToString().ToLowerInvariant(), latest.Change.ToString().ToLowerInvariant(), latest.Attempts, latest.LastError,
            latest.Status == DeclarationStatus.Pending && latest.Attempts > 0 ? latest.NextAttempt : null);
    }

    public string ToText() => State switch
    {
        "sent" => $"declared ({Change})",
        "failed" => $"declaration refused after {Attempts} attempt(s): {LastError}",
        _ => Attempts == 0
            ? $"declaration pending ({Change})"
            : $"declaration pending ({Change}), {Attempts} failed attempt(s), next {NextAttempt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}: {LastError}",
    };
}
