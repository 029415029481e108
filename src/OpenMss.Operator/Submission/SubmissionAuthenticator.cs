using System.Security.Cryptography.X509Certificates;
using OpenMss.Operator.Authentication;
using OpenMss.Smtp.Server;

namespace OpenMss.Operator.Submission;

/// <summary>The submission fronts' questions, answered by the BAL authenticators the IMAP fronts use too.</summary>
public sealed class SubmissionAuthenticator(PscBalAuthenticator? psc, CertificateBalAuthenticator? certificates) : ISubmissionAuthenticator
{
    public async Task<SubmissionIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, CancellationToken cancellationToken) =>
        psc is null
            ? new SubmissionIdentity(SubmissionVerdict.Unavailable, null, "PSC validation is not configured")
            : Convert(await psc.AuthenticateAsync(address, token, mechanism, cancellationToken), address);

    public async Task<SubmissionIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
        certificates is null
            ? new SubmissionIdentity(SubmissionVerdict.Unavailable, null, "client certificate trust is not configured")
            : Convert(await certificates.AuthenticateAsync(address, certificate, intermediates, cancellationToken), address);

    private static SubmissionIdentity Convert(AuthenticationOutcome outcome, string address) => new(
        outcome.Verdict switch
        {
            AuthenticationVerdict.Success => SubmissionVerdict.Success,
            AuthenticationVerdict.NotAuthorized => SubmissionVerdict.NotAuthorized,
            AuthenticationVerdict.Unavailable => SubmissionVerdict.Unavailable,
            _ => SubmissionVerdict.Failed,
        },
        outcome.Verdict == AuthenticationVerdict.Success ? Identifiers.BalAddress.Normalize(address, out _) : null,
        outcome.Reason);
}
