using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Smtp.Server;

public enum SubmissionVerdict
{
    Success,

    /// <summary>Bad, expired or unknown credentials, or an unknown BAL: 535 5.7.8.</summary>
    Failed,

    /// <summary>A valid credential of someone not allowed on this BAL: 535 5.7.8, logged distinctly.</summary>
    NotAuthorized,

    /// <summary>The authority could not answer (PSC down): 454 4.7.0.</summary>
    Unavailable,
}

/// <param name="Address">The BAL opened, as the store spells it (on success).</param>
/// <param name="Reason">Why, for logs and the audit trail; never a credential.</param>
public sealed record SubmissionIdentity(SubmissionVerdict Verdict, string? Address, string Reason);

/// <summary>Who may open which BAL: the Operator answers, the session only asks.</summary>
public interface ISubmissionAuthenticator
{
    /// <summary>PSC front: the BAL address and access token from XOAUTH2 or OAUTHBEARER.</summary>
    Task<SubmissionIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, CancellationToken cancellationToken);

    /// <summary>AUTH_CLI front: the BAL address from PLAIN, the TLS client certificate (null if none was sent) and the intermediates sent with it.</summary>
    Task<SubmissionIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken);
}
