using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace OpenMss.Gateway;

/// <summary>
/// PSC's tokens at rest: protected with ASP.NET Data Protection (authenticated encryption, a key ring persisted in the
/// gateway's directory and shared by its nodes), so that the store alone gives no one a usable token.
/// </summary>
public sealed class TokenVault(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("OpenMss.Gateway.PscTokens.v1");

    public byte[] Protect(string token) => _protector.Protect(Encoding.UTF8.GetBytes(token));

    public string Unprotect(byte[] protectedToken) => Encoding.UTF8.GetString(_protector.Unprotect(protectedToken));
}
