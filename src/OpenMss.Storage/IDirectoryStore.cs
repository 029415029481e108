using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>
/// Operator domains and BALs. Addresses and domain names are compared as given: callers normalise them. Every change
/// the Annuaire must learn queues its declaration in <see cref="IAnnuaireOutbox"/> in the same transaction.
/// </summary>
public interface IDirectoryStore
{
    /// <exception cref="StoreException"><see cref="StoreError.AlreadyExists"/> when the domain is there already.</exception>
    Task<OperatorDomain> AddDomainAsync(string name, DateTimeOffset created, CancellationToken cancellationToken);

    Task<IReadOnlyList<OperatorDomain>> ListDomainsAsync(CancellationToken cancellationToken);

    Task<OperatorDomain?> FindDomainAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the BAL and its initial folders in one transaction.</summary>
    /// <exception cref="StoreException">AlreadyExists for a taken address, NotFound for an unknown domain.</exception>
    Task<Bal> AddBalAsync(NewBal bal, IReadOnlyList<NewFolder> folders, CancellationToken cancellationToken);

    Task<Bal?> FindBalAsync(string address, CancellationToken cancellationToken);

    Task<Bal?> GetBalAsync(long id, CancellationToken cancellationToken);

    /// <summary>BALs ordered by address, of one domain or of all.</summary>
    Task<IReadOnlyList<Bal>> ListBalsAsync(string? domain, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the BALs ordered by address, of one domain or of all, whose address (in lower case) or holder
    /// contains <paramref name="search"/> (null or empty: every one), and how many match in all: a console pages a
    /// directory of any size without reading it whole.
    /// </summary>
    Task<BalPage> ListBalsPageAsync(string? domain, string? search, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>How many BALs each domain holds (a domain without any is left out).</summary>
    Task<IReadOnlyDictionary<string, int>> CountBalsByDomainAsync(CancellationToken cancellationToken);

    /// <summary>
    /// BALs ordered by address whose holder is <paramref name="idNat"/> or that name it an authorised user, whatever
    /// their type and status (the caller applies the rules): what a professional's login may open, by index, not by
    /// reading the whole directory.
    /// </summary>
    Task<IReadOnlyList<Bal>> ListBalsNamingAsync(string idNat, CancellationToken cancellationToken);

    /// <exception cref="StoreException">NotFound for an unknown address.</exception>
    Task<Bal> SetBalStatusAsync(string address, BalStatus status, CancellationToken cancellationToken);

    /// <summary>Sets whether the Annuaire may show the BAL (spec §6.4).</summary>
    /// <exception cref="StoreException">NotFound for an unknown address.</exception>
    Task<Bal> SetListeRougeAsync(string address, bool listeRouge, CancellationToken cancellationToken);

    /// <summary>Sets the BAL's own quota limits (null members return to the operator's defaults).</summary>
    /// <exception cref="StoreException">NotFound when there is no such BAL.</exception>
    Task<Bal> SetQuotaAsync(string address, BalQuota quota, CancellationToken cancellationToken);

    /// <summary>Replaces the professionals allowed to open an ORG BAL, in the order given.</summary>
    /// <exception cref="StoreException">NotFound for an unknown address.</exception>
    Task<Bal> SetAuthorizedUsersAsync(string address, IReadOnlyList<string> idNats, CancellationToken cancellationToken);

    /// <summary>Removes the BAL with its folders and messages (their blobs go at the next purge).</summary>
    /// <exception cref="StoreException">NotFound for an unknown address.</exception>
    Task DeleteBalAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// Records a successful authentication on a front (kept per front, latest wins) and ends the BAL's inactivity:
    /// its deletion notices are forgotten and, if the lifecycle job unpublished it, it is active again.
    /// </summary>
    /// <returns>True when the BAL was republished.</returns>
    Task<bool> RecordAuthenticationAsync(long balId, AuthFront front, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records many authentication attempts in one durable transaction (docs/decisions.md, "Authentication writes"):
    /// every audit row and, for each success, what <see cref="RecordAuthenticationAsync"/> records. A success on a
    /// BAL deleted since keeps its audit row and changes nothing else.
    /// </summary>
    /// <returns>The ids of the BALs republished.</returns>
    Task<IReadOnlyList<long>> RecordAuthenticationsAsync(IReadOnlyList<AuthenticationRecord> records, CancellationToken cancellationToken);

    /// <summary>Every BAL in id order, streamed in constant memory, with its latest authentication on any front.</summary>
    IAsyncEnumerable<BalActivity> StreamActivityAsync(CancellationToken cancellationToken);

    // The three lifecycle steps below act only on a BAL whose latest activity is still `lastActivity` (created then or
    // before, no authentication after), checked in the same transaction: an authentication that lands between the
    // job's reading and its acting wins. Each returns false when it did not act.

    /// <summary>Unpublishes an active BAL for inactivity.</summary>
    Task<bool> UnpublishForInactivityAsync(long balId, DateTimeOffset lastActivity, CancellationToken cancellationToken);

    /// <summary>Records that the deletion notice <paramref name="daysBeforeDeletion"/> days ahead was sent at <paramref name="at"/>.</summary>
    Task<bool> RecordDeletionNoticeAsync(long balId, int daysBeforeDeletion, DateTimeOffset at, DateTimeOffset lastActivity, CancellationToken cancellationToken);

    /// <summary>Removes the BAL with its folders and messages, as <see cref="DeleteBalAsync"/>.</summary>
    Task<bool> DeleteInactiveBalAsync(long balId, DateTimeOffset lastActivity, CancellationToken cancellationToken);
}
