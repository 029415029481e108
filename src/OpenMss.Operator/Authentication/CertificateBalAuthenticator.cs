using System.Security.Cryptography.X509Certificates;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Telemetry;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Authentication;

/// <summary>
/// Opens a BAL APP on the AUTH_CLI front: the client certificate must be trusted, and the BAL named by PLAIN must be
/// an open APP BAL of the structure in the certificate's OU (spec §2.3, §13 #17: exact match). Every attempt is
/// audited and a success records the BAL's last authentication on this front, through the shared
/// <see cref="AuthenticationJournal"/>.
/// </summary>
public sealed class CertificateBalAuthenticator(ClientCertificateTrust trust, IMailStore store, TimeProvider clock, AuthenticationJournal journal)
{
    public const string Front = "authcli";

    public async Task<AuthenticationOutcome> AuthenticateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = OperatorTelemetry.Source.StartActivity("authenticate");
        var (outcome, idNatStruc) = await DecideAsync(address, certificate, intermediates, cancellationToken);
        var normalized = BalAddress.Normalize(address, out _) ?? address;
        var audit = new AuditEvent(clock.GetUtcNow(), "authentication", "plain", outcome.Verdict == AuthenticationVerdict.Success ? "success" : "failure",
            normalized, Front, "PLAIN", outcome.Reason, idNatStruc);
        await journal.RecordAsync(new AuthenticationRecord(audit, outcome.Verdict == AuthenticationVerdict.Success ? outcome.BalId : null, AuthFront.AuthCli), cancellationToken);
        AuthenticationTelemetry.Record(activity, Front, "PLAIN", outcome.Verdict, started);
        return outcome;
    }

    private async Task<(AuthenticationOutcome Outcome, string? IdNatStruc)> DecideAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken)
    {
        if (certificate is null)
        {
            return (new AuthenticationOutcome(AuthenticationVerdict.Failed, "no client certificate"), null);
        }

        var (idNatStruc, reason) = trust.Judge(certificate, intermediates);
        if (idNatStruc is null)
        {
            return (new AuthenticationOutcome(AuthenticationVerdict.Failed, reason), null);
        }

        var normalized = BalAddress.Normalize(address, out _);
        var bal = normalized is null ? null : await store.Directory.FindBalAsync(normalized, cancellationToken);
        if (bal is null || bal.Type != BalType.App)
        {
            return (new AuthenticationOutcome(AuthenticationVerdict.Failed, bal is null ? "no such BAL" : "only APP BALs open on the AUTH_CLI front"), idNatStruc);
        }

        if (bal.Status == BalStatus.Deleted)
        {
            return (new AuthenticationOutcome(AuthenticationVerdict.Failed, "the BAL is deleted"), idNatStruc);
        }

        return string.Equals(bal.Holder, idNatStruc, StringComparison.Ordinal)
            ? (new AuthenticationOutcome(AuthenticationVerdict.Success, "certificate of the structure holding this APP BAL", bal.Id), idNatStruc)
            : (new AuthenticationOutcome(AuthenticationVerdict.NotAuthorized, "the certificate's structure does not hold this APP BAL"), idNatStruc);
    }
}
