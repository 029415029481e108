namespace OpenMss.Storage.Model;

/// <summary>
/// A professional's WebAuthn security key, the webmail's other way in when PSC is down: the credential's id and
/// public key (COSE) as the key registered them, and its signature counter, which must grow (WebAuthn §6.1.1).
/// </summary>
public sealed record SecurityKey(byte[] CredentialId, string IdNat, byte[] PublicKey, long SignCount, DateTimeOffset Created);
