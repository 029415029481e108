using System.Net;
using Microsoft.Extensions.Configuration;

namespace OpenMss.Operator.Backup;

/// <summary>
/// The backup way in when PSC is down (section <c>Backup</c>, docs/webmail.md): on when <c>Backup:Key</c> (base64,
/// 32 bytes or more) is set. The key signs the short-lived credentials and encrypts the enrolled secrets; the fronts
/// accept a credential only from <c>Backup:WebmailAddresses</c>.
/// </summary>
public sealed record BackupOptions(byte[] Key, IReadOnlySet<IPAddress> WebmailAddresses)
{
    /// <summary>How long a backup credential opens the fronts: the webmail session it serves lasts as long.</summary>
    public TimeSpan CredentialLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The webmail's origins (<c>Backup:SecurityKeyOrigins</c>, e.g. https://webmail.example.fr) where professionals
    /// may enrol and use WebAuthn security keys; the first one's host is the relying party id. Empty: TOTP only.
    /// </summary>
    public IReadOnlyList<Uri> SecurityKeyOrigins { get; init; } = [];

    public static BackupOptions? From(IConfiguration configuration)
    {
        if (configuration["Backup:Key"] is not { Length: > 0 } text)
        {
            return null;
        }

        var key = Convert.FromBase64String(text);
        if (key.Length < 32)
        {
            throw new ArgumentException("Backup:Key must be at least 32 bytes, in base64.");
        }

        var addresses = (configuration.GetSection("Backup:WebmailAddresses").Get<string[]>() ?? []).Select(IPAddress.Parse).ToHashSet();
        return new BackupOptions(key, addresses)
        {
            CredentialLifetime = configuration.GetValue("Backup:CredentialLifetime", TimeSpan.FromMinutes(15)),
            SecurityKeyOrigins = (configuration.GetSection("Backup:SecurityKeyOrigins").Get<string[]>() ?? []).Select(o => new Uri(o)).ToList(),
        };
    }
}
