using System.Security.Cryptography.X509Certificates;
using OpenMss.Net;

namespace OpenMss.Operator.Authentication;

/// <summary>The fronts' question (who may open this BAL?), answered by the PSC and certificate BAL authenticators, for IMAP and SMTP alike.</summary>
public sealed class FrontAuthenticator(PscBalAuthenticator? psc, CertificateBalAuthenticator? certificates) : IFrontAuthenticator
{
    public async Task<FrontIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, System.Net.IPAddress? remote, CancellationToken cancellationToken) =>
        psc is null
            ? new FrontIdentity(FrontVerdict.Unavailable, null, "PSC validation is not configured")
            : Convert(await psc.AuthenticateAsync(address, token, mechanism, remote, cancellationToken), address);

    public async Task<FrontIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
        certificates is null
            ? new FrontIdentity(FrontVerdict.Unavailable, null, "client certificate trust is not configured")
            : Convert(await certificates.AuthenticateAsync(address, certificate, intermediates, cancellationToken), address);

    private static FrontIdentity Convert(AuthenticationOutcome outcome, string address) => new(
        outcome.Verdict switch
        {
            AuthenticationVerdict.Success => FrontVerdict.Success,
            AuthenticationVerdict.NotAuthorized => FrontVerdict.NotAuthorized,
            AuthenticationVerdict.Unavailable => FrontVerdict.Unavailable,
            _ => FrontVerdict.Failed,
        },
        outcome.Verdict == AuthenticationVerdict.Success ? Identifiers.BalAddress.Normalize(address, out _) : null,
        outcome.Reason,
        outcome.Verdict == AuthenticationVerdict.Success ? outcome.BalId : null);
}
