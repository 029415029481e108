using System.Globalization;
using OpenMss.Operator.Annuaire;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Mssante;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Administration;

/// <summary>
/// Domain and BAL administration with MSSanté's rules: every request is checked whole before anything is written,
/// so a refused request changes nothing, and every change is recorded in the audit trail.
/// </summary>
/// <param name="existingBals">The Annuaire lookup for MSS 17 (null: not configured, nothing to tell).</param>
/// <param name="notices">How holders are told (MSS 17); their BAL only when null.</param>
public sealed class BalAdministration(IMailStore store, TimeProvider clock, string actor, ExistingBals? existingBals = null, NoticeDelivery? notices = null)
{
    public async Task<OperatorDomain> AddDomainAsync(string name, CancellationToken cancellationToken)
    {
        var domain = DomainName.Normalize(name) ?? throw new AdministrationException($"'{name}' is not a domain name.");
        var added = await Refusing(() => store.Directory.AddDomainAsync(domain, clock.GetUtcNow(), cancellationToken));
        await AuditAsync($"domain.add {domain}", null, cancellationToken);
        return added;
    }

    public Task<IReadOnlyList<OperatorDomain>> ListDomainsAsync(CancellationToken cancellationToken) =>
        store.Directory.ListDomainsAsync(cancellationToken);

    public async Task<Bal> AddBalAsync(BalRequest request, CancellationToken cancellationToken) => (await CreateBalAsync(request, cancellationToken)).Bal;

    /// <summary>
    /// Creates a BAL. Before a PER BAL is created, the Annuaire is asked for the other BALs in its holder's name
    /// (MSS 17); when there are some, the holder is told in a notice that is the new BAL's first message (and the
    /// configured contact gets a copy), and the caller learns them too.
    /// </summary>
    public async Task<BalCreation> CreateBalAsync(BalRequest request, CancellationToken cancellationToken)
    {
        var address = BalAddress.Normalize(request.Address, out var problem) ?? throw new AdministrationException(problem!);
        var domain = BalAddress.DomainOf(address);
        if (await store.Directory.FindDomainAsync(domain, cancellationToken) is null)
        {
            throw new AdministrationException($"The domain {domain} is not hosted here: add it first with 'openmss domain add {domain}'.");
        }

        var holder = CheckHolder(request);
        var authorized = request.AuthorizedIdNats.Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (authorized.Count > 0 && request.Type != BalType.Org)
        {
            throw new AdministrationException($"Only an ORG BAL has authorised users; {Article(request.Type)} BAL is opened by its {(request.Type == BalType.App ? "structure's certificate" : "holder")} alone.");
        }

        if (authorized.FirstOrDefault(i => !IdNat.IsValid(i)) is { } badUser)
        {
            throw new AdministrationException($"The authorised user '{badUser}' is not an IdNat ({IdNat.Description}).");
        }

        IReadOnlyList<string> others = request.Type == BalType.Per && existingBals is not null
            ? [.. (await existingBals.FindAsync(holder, cancellationToken) ?? []).Where(a => !string.Equals(a, address, StringComparison.OrdinalIgnoreCase))]
            : [];
        var bal = await Refusing(() => store.Directory.AddBalAsync(
            new NewBal(address, request.Type, holder, authorized, request.ListeRouge, clock.GetUtcNow()), DefaultFolders.All, cancellationToken));
        await AuditAsync("bal.add", address, cancellationToken);
        if (others.Count > 0)
        {
            var (subject, text) = ExistingBalsNotice.Text(address, others);
            await (notices ?? new NoticeDelivery(store, null, null)).SendAsync(address, domain, subject, text, clock.GetUtcNow(), cancellationToken);
            await AuditAsync($"bal.add existing-bals-notice {others.Count}", address, cancellationToken);
        }

        return new BalCreation(bal, others);
    }

    public Task<IReadOnlyList<Bal>> ListBalsAsync(string? domain, CancellationToken cancellationToken) =>
        store.Directory.ListBalsAsync(NormalizedOrNull(domain), cancellationToken);

    /// <summary>Page <paramref name="page"/> (from 1) of the BALs, of one domain or all, whose address or holder contains <paramref name="search"/>.</summary>
    public Task<BalPage> ListBalsPageAsync(string? domain, string? search, int page, int pageSize, CancellationToken cancellationToken) =>
        store.Directory.ListBalsPageAsync(NormalizedOrNull(domain), string.IsNullOrWhiteSpace(search) ? null : search.Trim(), (Math.Max(1, page) - 1) * pageSize, pageSize, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountBalsByDomainAsync(CancellationToken cancellationToken) =>
        store.Directory.CountBalsByDomainAsync(cancellationToken);

    private static string? NormalizedOrNull(string? domain) =>
        domain is null ? null : DomainName.Normalize(domain) ?? throw new AdministrationException($"'{domain}' is not a domain name.");

    public async Task<Bal> GetBalAsync(string address, CancellationToken cancellationToken)
    {
        var normalized = BalAddress.Normalize(address, out var problem) ?? throw new AdministrationException(problem!);
        return await store.Directory.FindBalAsync(normalized, cancellationToken)
            ?? throw new AdministrationException($"There is no BAL {normalized}.", refusal: AdministrationRefusal.NotFound);
    }

    public async Task<Bal> SetStatusAsync(string address, BalStatus status, CancellationToken cancellationToken)
    {
        var bal = await GetBalAsync(address, cancellationToken);
        var updated = await Refusing(() => store.Directory.SetBalStatusAsync(bal.Address, status, cancellationToken));
        await AuditAsync($"bal.set-status {Name(status)}", bal.Address, cancellationToken);
        return updated;
    }

    public async Task<Bal> SetListeRougeAsync(string address, bool listeRouge, CancellationToken cancellationToken)
    {
        var bal = await GetBalAsync(address, cancellationToken);
        var updated = await Refusing(() => store.Directory.SetListeRougeAsync(bal.Address, listeRouge, cancellationToken));
        await AuditAsync($"bal.set-liste-rouge {(listeRouge ? "on" : "off")}", bal.Address, cancellationToken);
        return updated;
    }

    /// <summary>Sets a BAL's own quota limits (RFC 9208); a null limit returns to the operator's default, 0 is none.</summary>
    public async Task<Bal> SetQuotaAsync(string address, BalQuota quota, CancellationToken cancellationToken)
    {
        if (quota.StorageBytes < 0 || quota.Messages < 0)
        {
            throw new AdministrationException("A quota limit is 0 (no limit) or more.");
        }

        var bal = await GetBalAsync(address, cancellationToken);
        var updated = await Refusing(() => store.Directory.SetQuotaAsync(bal.Address, quota, cancellationToken));
        await AuditAsync($"bal.set-quota storage={quota.StorageBytes?.ToString(CultureInfo.InvariantCulture) ?? "default"} messages={quota.Messages?.ToString(CultureInfo.InvariantCulture) ?? "default"}", bal.Address, cancellationToken);
        return updated;
    }

    /// <summary>Replaces who may open an ORG BAL (spec §13 #5): valid IdNats, in the order given, without repeats.</summary>
    public async Task<Bal> SetAuthorizedUsersAsync(string address, IReadOnlyList<string> idNats, CancellationToken cancellationToken)
    {
        var bal = await GetBalAsync(address, cancellationToken);
        if (bal.Type != BalType.Org)
        {
            throw new AdministrationException($"Only an ORG BAL has authorised users; {bal.Address} is {Article(bal.Type)} BAL.");
        }

        var users = idNats.Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (users.FirstOrDefault(i => !IdNat.IsValid(i)) is { } badUser)
        {
            throw new AdministrationException($"The authorised user '{badUser}' is not an IdNat ({IdNat.Description}).");
        }

        var updated = await Refusing(() => store.Directory.SetAuthorizedUsersAsync(bal.Address, users, cancellationToken));
        await AuditAsync($"bal.set-users {users.Count}", bal.Address, cancellationToken);
        return updated;
    }

    /// <summary>
    /// Removes a BAL and its mail for good. Only a BAL whose status is already "deleted" goes, unless forced:
    /// deletion is two deliberate steps.
    /// </summary>
    public async Task DeleteBalAsync(string address, bool force, CancellationToken cancellationToken)
    {
        var bal = await GetBalAsync(address, cancellationToken);
        if (bal.Status != BalStatus.Deleted && !force)
        {
            throw new AdministrationException(
                $"The BAL {bal.Address} is {Name(bal.Status)}: set its status to deleted first ('openmss bal set-status {bal.Address} deleted'), or use --force.");
        }

        await Refusing(async () =>
        {
            await store.Directory.DeleteBalAsync(bal.Address, cancellationToken);
            return true;
        });
        await AuditAsync("bal.delete", bal.Address, cancellationToken);
    }

    public static string Name(BalType type) => type.ToString().ToUpperInvariant();

    public static string Name(BalStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The holder a BAL type needs: the IdNat of a professional (PER, CAB) or the IdNatStruc of a structure (ORG, APP).</summary>
    private static string CheckHolder(BalRequest request)
    {
        var type = Article(request.Type);
        if (request.Type is BalType.Per or BalType.Cab)
        {
            if (request.IdNatStruc is not null)
            {
                throw new AdministrationException($"{Capitalised(type)} BAL is held by a professional: give --idnat, not --idnatstruc.");
            }

            return request.IdNat is null ? throw new AdministrationException($"{Capitalised(type)} BAL needs the IdNat of its holder (--idnat).")
                : IdNat.IsValid(request.IdNat) ? request.IdNat
                : throw new AdministrationException($"'{request.IdNat}' is not an IdNat ({IdNat.Description}).");
        }

        if (request.IdNat is not null)
        {
            throw new AdministrationException($"{Capitalised(type)} BAL belongs to a structure: give --idnatstruc, not --idnat.");
        }

        return request.IdNatStruc is null ? throw new AdministrationException($"{Capitalised(type)} BAL needs the IdNatStruc of its structure (--idnatstruc).")
            : IdNatStruc.IsValid(request.IdNatStruc) ? request.IdNatStruc
            : throw new AdministrationException($"'{request.IdNatStruc}' is not an IdNatStruc ({IdNatStruc.Description}).");
    }

    /// <summary>"a PER", "an ORG", "an APP": the type as a sentence names it.</summary>
    private static string Article(BalType type) => (type is BalType.Org or BalType.App ? "an " : "a ") + Name(type);

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static async Task<T> Refusing<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (StoreException e) when (e.Error is StoreError.AlreadyExists or StoreError.NotFound or StoreError.Invalid)
        {
            throw new AdministrationException(e.Message, e);
        }
    }

    private Task AuditAsync(string action, string? address, CancellationToken cancellationToken) =>
        store.Audit.AppendAsync(new AuditEvent(clock.GetUtcNow(), "administration", action, "success", address, Actor: actor), cancellationToken);
}
