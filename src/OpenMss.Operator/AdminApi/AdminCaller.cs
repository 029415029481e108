using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenMss.Operator.Authentication;

namespace OpenMss.Operator.AdminApi;

/// <summary>
/// Who calls the admin API: the holder of the admin token (<c>Authorization: Bearer</c>, compared in constant time) or
/// of a client certificate chaining to <c>Admin:ClientCa</c>. The answer names the caller for the audit trail, never
/// with the token itself.
/// </summary>
public sealed class AdminCaller(string? token, CertificateChain? clientChain)
{
    private readonly byte[]? _tokenHash = token is { Length: > 0 } ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public bool IsConfigured => _tokenHash is not null || clientChain is not null;

    /// <summary>The caller's name for the audit trail, or null when the request carries no valid credential.</summary>
    public string? Identify(HttpContext context)
    {
        if (_tokenHash is not null && context.Request.Headers.Authorization.ToString() is { Length: > 7 } header
            && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // Hashing both sides first gives equal lengths, so the comparison's time says nothing of the token.
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim()));
            if (CryptographicOperations.FixedTimeEquals(presented, _tokenHash))
            {
                return "admin-api:token";
            }
        }

        if (clientChain is not null && context.Connection.ClientCertificate is { } certificate
            && clientChain.Problem(certificate, [], new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")) is null)
        {
            return $"admin-api:certificate:{certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}";
        }

        return null;
    }
}
