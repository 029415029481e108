using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Telemetry;
using OpenMss.Psc;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Authentication;

/// <summary>
/// Opens a BAL on the PSC front (XOAUTH2 / OAUTHBEARER): the token must be valid at PSC, and the professional it
/// names must be the holder (PER, CAB) or an authorised user (ORG) of an open BAL. Unknown BALs and other types get
/// the same answer as a bad token, so that addresses cannot be enumerated. Every attempt is audited and a success
/// records the BAL's last authentication on this front, through the shared <see cref="AuthenticationJournal"/>.
/// With the backup way in configured, the operator's own short-lived credential (<see cref="Backup.BackupCredentials"/>)
/// opens the same BALs, but only on a connection from the webmail's addresses.
/// </summary>
public sealed class PscBalAuthenticator(ITokenValidator validator, IMailStore store, TimeProvider clock, AuthenticationJournal journal, Backup.BackupCredentials? backup = null, IReadOnlySet<System.Net.IPAddress>? webmail = null)
{
    public const string Front = "psc";

    public async Task<AuthenticationOutcome> AuthenticateAsync(string address, string accessToken, string mechanism, System.Net.IPAddress? remote, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = OperatorTelemetry.Source.StartActivity("authenticate");
        var outcome = backup is not null && Backup.BackupCredentials.Claims(accessToken)
            ? await DecideBackupAsync(address, accessToken, remote, cancellationToken)
            : await DecideAsync(address, accessToken, cancellationToken);
        var normalized = BalAddress.Normalize(address, out _) ?? address;
        var audit = new AuditEvent(clock.GetUtcNow(), "authentication", mechanism.ToLowerInvariant(), outcome.Verdict == AuthenticationVerdict.Success ? "success" : "failure",
            normalized, Front, mechanism, outcome.Reason, outcome.IdNat);
        await journal.RecordAsync(new AuthenticationRecord(audit, outcome.Verdict == AuthenticationVerdict.Success ? outcome.BalId : null, AuthFront.Psc), cancellationToken);
        AuthenticationTelemetry.Record(activity, Front, mechanism, outcome.Verdict, started);
        return outcome;
    }

    private async Task<AuthenticationOutcome> DecideAsync(string address, string accessToken, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var validation = await validator.ValidateAsync(accessToken, cancellationToken);
        OperatorTelemetry.PscValidation.Record(
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, OperatorTelemetry.Tag("outcome", validation.Outcome.ToString().ToLowerInvariant()));
        switch (validation.Outcome)
        {
            case TokenOutcome.Unavailable:
                return new AuthenticationOutcome(AuthenticationVerdict.Unavailable, $"PSC unavailable: {validation.Problem}");
            case TokenOutcome.Refused:
                return new AuthenticationOutcome(AuthenticationVerdict.Failed, $"token refused: {validation.Problem}");
        }

        return await OpensAsync(address, validation.Identity!.IdNat, "valid token of an allowed professional", cancellationToken);
    }

    /// <summary>The operator's backup credential, from the webmail only (PSC is not asked: it may be down).</summary>
    private async Task<AuthenticationOutcome> DecideBackupAsync(string address, string credential, System.Net.IPAddress? remote, CancellationToken cancellationToken)
    {
        if (remote is null || webmail is null || !webmail.Contains(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return new AuthenticationOutcome(AuthenticationVerdict.Failed, "a backup credential is accepted only from the webmail");
        }

        var (idNat, reason) = await backup!.ValidateAsync(credential);
        return idNat is null
            ? new AuthenticationOutcome(AuthenticationVerdict.Failed, reason)
            : await OpensAsync(address, idNat, "backup credential (one-time password) of an allowed professional", cancellationToken);
    }

    /// <summary>Whether the professional <paramref name="idNat"/> may open the BAL: its holder (PER, CAB) or an authorised user (ORG).</summary>
    private async Task<AuthenticationOutcome> OpensAsync(string address, string idNat, string success, CancellationToken cancellationToken)
    {
        var normalized = BalAddress.Normalize(address, out _);
        var bal = normalized is null ? null : await store.Directory.FindBalAsync(normalized, cancellationToken);
        if (bal is null || bal.Type == BalType.App)
        {
            return new AuthenticationOutcome(AuthenticationVerdict.Failed, bal is null ? "no such BAL" : "an APP BAL opens only on the AUTH_CLI front", IdNat: idNat);
        }

        if (bal.Status == BalStatus.Deleted)
        {
            return new AuthenticationOutcome(AuthenticationVerdict.Failed, "the BAL is deleted", IdNat: idNat);
        }

        var allowed = bal.Type == BalType.Org ? bal.AuthorizedIdNats.Contains(idNat, StringComparer.Ordinal) : bal.Holder == idNat;
        return allowed
            ? new AuthenticationOutcome(AuthenticationVerdict.Success, success, bal.Id, idNat)
            : new AuthenticationOutcome(AuthenticationVerdict.NotAuthorized, bal.Type == BalType.Org ? "not an authorised user of this ORG BAL" : "not the holder of this BAL", IdNat: idNat);
    }
}
