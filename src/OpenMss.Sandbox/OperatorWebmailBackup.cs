using OpenMss.Operator.Backup;
using OpenMss.Web;

namespace OpenMss.Sandbox;

/// <summary>The webmail's backup way in, answered by the operator's <see cref="BackupAuthority"/> in the same process.</summary>
public sealed class OperatorWebmailBackup(BackupAuthority authority) : IWebmailBackup
{
    public async Task<(string Secret, Uri KeyUri)> EnrolAsync(string idNat, CancellationToken cancellationToken)
    {
        var enrolled = await authority.EnrolAsync(idNat, cancellationToken);
        return (enrolled.Base32, enrolled.KeyUri);
    }

    public Task<bool> IsEnrolledAsync(string idNat, CancellationToken cancellationToken) => authority.IsEnrolledAsync(idNat, cancellationToken);

    public bool OffersSecurityKeys => authority.OffersSecurityKeys;

    public async Task<WebmailBackupLogin> LogInAsync(string idNat, string code, CancellationToken cancellationToken) =>
        Answer(await authority.LogInAsync(idNat, code, cancellationToken));

    public Task<int> SecurityKeyCountAsync(string idNat, CancellationToken cancellationToken) => authority.SecurityKeyCountAsync(idNat, cancellationToken);

    public async Task<WebmailKeyCeremony?> BeginKeyEnrolmentAsync(string idNat, CancellationToken cancellationToken) =>
        Answer(await authority.BeginKeyEnrolmentAsync(idNat, cancellationToken));

    public Task<bool> FinishKeyEnrolmentAsync(string idNat, string ceremony, string response, CancellationToken cancellationToken) =>
        authority.FinishKeyEnrolmentAsync(idNat, ceremony, response, cancellationToken);

    public async Task<WebmailKeyCeremony?> BeginKeyLoginAsync(string idNat, CancellationToken cancellationToken) =>
        Answer(await authority.BeginKeyLoginAsync(idNat, cancellationToken));

    public async Task<WebmailBackupLogin> KeyLogInAsync(string ceremony, string response, CancellationToken cancellationToken) =>
        Answer(await authority.KeyLogInAsync(ceremony, response, cancellationToken));

    private static WebmailKeyCeremony? Answer(SecurityKeyCeremony? ceremony) => ceremony is null ? null : new WebmailKeyCeremony(ceremony.Id, ceremony.OptionsJson);

    private static WebmailBackupLogin Answer(BackupLogin login) =>
        new(login.Credential, login.Expires, login.Refusal switch
        {
            BackupRefusal.None => WebmailBackupRefusal.None,
            BackupRefusal.NotEnrolled => WebmailBackupRefusal.NotEnrolled,
            BackupRefusal.Throttled => WebmailBackupRefusal.Throttled,
            _ => WebmailBackupRefusal.WrongCode,
        }, login.IdNat);
}
