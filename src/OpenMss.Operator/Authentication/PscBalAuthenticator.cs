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
/// </summary>
public sealed class PscBalAuthenticator(ITokenValidator validator, IMailStore store, TimeProvider clock, AuthenticationJournal journal)
{
    public const string Front = "psc";

    public async Task<AuthenticationOutcome> AuthenticateAsync(string address, string accessToken, string mechanism, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = OperatorTelemetry.Source.StartActivity("authenticate");
        var outcome = await DecideAsync(address, accessToken, cancellationToken);
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

        var idNat = validation.Identity!.IdNat;
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
            ? new AuthenticationOutcome(AuthenticationVerdict.Success, "valid token of an allowed professional", bal.Id, idNat)
            : new AuthenticationOutcome(AuthenticationVerdict.NotAuthorized, bal.Type == BalType.Org ? "not an authorised user of this ORG BAL" : "not the holder of this BAL", IdNat: idNat);
    }
}
