using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenMss.Conformance.Operator;

/// <summary>
/// A JWT shaped like a PSC access token, for the same professional, but issued and signed by the tool: an operator
/// that validates with PSC (introspection) or checks the issuer and signature must refuse it.
/// </summary>
public static class ForeignToken
{
    public const string Issuer = "https://conformance.invalid/auth/realms/esante-wallet";

    public static string Mint(string subject, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var header = Encode(new { alg = "RS256", typ = "JWT", kid = "openmss-conformance" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = Guid.NewGuid().ToString(),
            ["SubjectNameID"] = subject,
            ["preferred_username"] = subject,
            ["acr"] = "eidas1",
            ["scope"] = "openid scope_all",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(2).ToUnixTimeSeconds(),
        });
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Base64Url(signature);
    }

    private static string Encode(object value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
