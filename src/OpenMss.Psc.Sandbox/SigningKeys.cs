using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.Psc.Sandbox;

/// <summary>
/// RS256 signing keys that rotate: the newest signs, and the JWKS also publishes the one before it, so a token signed
/// just before a rotation still verifies until the next. Keys live in memory only.
/// </summary>
internal sealed class SigningKeys(TimeProvider clock, TimeSpan rotation) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(RsaSecurityKey Key, DateTimeOffset Created)> _keys = [];

    public SigningCredentials Current
    {
        get
        {
            lock (_gate)
            {
                if (_keys.Count == 0 || clock.GetUtcNow() - _keys[^1].Created >= rotation)
                {
                    RotateLocked();
                }

                return new SigningCredentials(_keys[^1].Key, SecurityAlgorithms.RsaSha256);
            }
        }
    }

    /// <summary>The keys a token may be signed with: the current one and its predecessor.</summary>
    public IReadOnlyList<RsaSecurityKey> Published
    {
        get
        {
            _ = Current;
            lock (_gate)
            {
                return _keys.TakeLast(2).Select(k => k.Key).ToList();
            }
        }
    }

    public void Rotate()
    {
        lock (_gate)
        {
            RotateLocked();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (key, _) in _keys)
            {
                key.Rsa.Dispose();
            }

            _keys.Clear();
        }
    }

    private void RotateLocked()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)) };
        _keys.Add((key, clock.GetUtcNow()));
        // Two keys are published; the one before them is dropped (not disposed: a signature may still be under way
        // with it), and tokens it signed no longer verify.
        while (_keys.Count > 2)
        {
            _keys.RemoveAt(0);
        }
    }

    /// <summary>The JWKS document: public parts only.</summary>
    public object Jwks() => new
    {
        keys = Published.Select(k =>
        {
            var p = k.Rsa.ExportParameters(includePrivateParameters: false);
            return new { kid = k.KeyId, kty = "RSA", alg = "RS256", use = "sig", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
        }).ToArray(),
    };
}
