using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OpenMss.Psc.Sandbox;

/// <summary>client_secret_basic (RFC 6749 §2.3.1: form-encoded id and secret, then Basic) or client_secret_post; secrets compared in constant time.</summary>
internal static class ClientAuthentication
{
    public static TestClient? Authenticate(HttpRequest request, IFormCollection form, SandboxDirectory directory)
    {
        string? id;
        string? secret;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                return null;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return null;
            }

            id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        }
        else
        {
            id = form["client_id"];
            secret = form["client_secret"];
        }

        var client = id is null ? null : directory.FindClient(id);
        return client is not null && secret is not null && SameSecret(client.Secret, secret) ? client : null;
    }

    private static bool SameSecret(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
