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

    public async Task<WebmailBackupLogin> LogInAsync(string idNat, string code, CancellationToken cancellationToken)
    {
        var login = await authority.LogInAsync(idNat, code, cancellationToken);
        return new WebmailBackupLogin(login.Credential, login.Expires, login.Refusal switch
        {
            BackupRefusal.None => WebmailBackupRefusal.None,
            BackupRefusal.NotEnrolled => WebmailBackupRefusal.NotEnrolled,
            BackupRefusal.Throttled => WebmailBackupRefusal.Throttled,
            _ => WebmailBackupRefusal.WrongCode,
        });
    }
}
