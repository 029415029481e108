using System.Text;

namespace OpenMss.Net.Sasl;

/// <summary>
/// PLAIN (RFC 4616): <c>[authzid] NUL authcid NUL passwd</c>, UTF-8. On the AUTH_CLI front the authcid is the BAL
/// address and the password is ignored: the client certificate is the credential (spec §13 #3).
/// </summary>
public sealed record SaslPlain(string? AuthorizationId, string AuthenticationId)
{
    public static SaslPlain? Parse(ReadOnlySpan<byte> decoded)
    {
        var first = decoded.IndexOf((byte)0);
        if (first < 0)
        {
            return null;
        }

        var rest = decoded[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0 || rest[(second + 1)..].IndexOf((byte)0) >= 0)
        {
            return null;
        }

        string authzid, authcid;
        try
        {
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            authzid = strict.GetString(decoded[..first]);
            authcid = strict.GetString(rest[..second]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return authcid.Length == 0 ? null : new SaslPlain(authzid.Length == 0 ? null : authzid, authcid);
    }
}
