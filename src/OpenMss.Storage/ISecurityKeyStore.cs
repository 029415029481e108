using OpenMss.Storage.Model;

namespace OpenMss.Storage;

/// <summary>WebAuthn security keys of professionals (several each), shared by every webmail node.</summary>
public interface ISecurityKeyStore
{
    /// <summary>Registers a key; false when its credential id is already registered (to anyone).</summary>
    Task<bool> AddAsync(SecurityKey key, CancellationToken cancellationToken);

    /// <summary>The professional's keys, oldest first.</summary>
    Task<IReadOnlyList<SecurityKey>> ListAsync(string idNat, CancellationToken cancellationToken);

    Task<SecurityKey?> FindAsync(byte[] credentialId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a login's signature counter, in one statement: true when stored; false when it is not above the stored
    /// one (a cloned key or a replay), unless both are 0 (a key without a counter).
    /// </summary>
    Task<bool> UseAsync(byte[] credentialId, long signCount, CancellationToken cancellationToken);

    /// <summary>Removes every key of the professional; how many there were.</summary>
    Task<int> DeleteAsync(string idNat, CancellationToken cancellationToken);
}
