using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>Operator domains and BALs. Addresses and domain names are compared as given: callers normalise them.</summary>
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

    /// <summary>BALs ordered by address, of one domain or of all.</summary>
    Task<IReadOnlyList<Bal>> ListBalsAsync(string? domain, CancellationToken cancellationToken);

    /// <exception cref="StoreException">NotFound for an unknown address.</exception>
    Task<Bal> SetBalStatusAsync(string address, BalStatus status, CancellationToken cancellationToken);

    /// <summary>Removes the BAL with its folders and messages (their blobs go at the next purge).</summary>
    /// <exception cref="StoreException">NotFound for an unknown address.</exception>
    Task DeleteBalAsync(string address, CancellationToken cancellationToken);

    /// <summary>Records a successful authentication on a front (kept per front, latest wins).</summary>
    Task RecordAuthenticationAsync(long balId, AuthFront front, DateTimeOffset at, CancellationToken cancellationToken);
}
