namespace OpenMss.Pki;

/// <summary>The key of a test server certificate: RSA 2048, as IGC Santé issues them, or ECDSA P-256 (a cheaper handshake).</summary>
public enum ServerKeyType
{
    Rsa,
    EcdsaP256,
}
