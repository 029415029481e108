using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpenMss.Operator.Backup;

/// <summary>
/// The operator's own short-lived credential for a professional who logged in to the webmail with a one-time
/// password: a JWT (HS256, a key derived from <c>Backup:Key</c>) naming the IdNat, for the fronts only, for
/// <see cref="BackupOptions.CredentialLifetime"/>. The fronts tell it from a PSC token by its issuer.
/// </summary>
public sealed class BackupCredentials(BackupOptions options, TimeProvider clock)
{
    public const string Issuer = "urn:openmss:backup";
    public const string Audience = "urn:openmss:fronts";
    private readonly SymmetricSecurityKey _key = new(HKDF.DeriveKey(HashAlgorithmName.SHA256, options.Key, 32, info: "openmss backup credential"u8.ToArray()));
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset Expires) Issue(string idNat)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.CredentialLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object> { ["SubjectNameID"] = idNat, ["amr"] = "otp", ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>True when <paramref name="token"/> claims to be ours (its issuer), whether or not it is valid.</summary>
    public static bool Claims(string token)
    {
        try
        {
            return new JsonWebToken(token).Issuer == Issuer;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The IdNat a valid credential names, or null with the reason it is refused.</summary>
    public async Task<(string? IdNat, string Reason)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => notBefore <= clock.GetUtcNow().UtcDateTime && clock.GetUtcNow().UtcDateTime < expires,
        });
        if (!result.IsValid)
        {
            return (null, result.Exception is SecurityTokenInvalidLifetimeException ? "backup credential expired" : "backup credential refused");
        }

        return result.Claims.TryGetValue("SubjectNameID", out var idNat) && idNat is string value ? (value, "backup credential") : (null, "backup credential without IdNat");
    }
}
