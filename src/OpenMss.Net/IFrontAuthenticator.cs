using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Net;

/// <summary>Which credential a listener takes (spec §2.1, §10): a PSC token, an ORG AUTH_CLI client certificate, or a peer operator's certificate.</summary>
public enum FrontKind
{
    /// <summary>BAL PER/ORG: XOAUTH2 or OAUTHBEARER with a PSC access token.</summary>
    Psc,

    /// <summary>BAL APP: a TLS client certificate, and PLAIN naming the BAL.</summary>
    AuthCli,

    /// <summary>Another operator's MTA (spec §10): its IGC Santé server certificate as TLS client certificate, no AUTH.</summary>
    Mta,
}

/// <summary>What a front's authentication decided; the fronts turn it into their protocol's codes.</summary>
public enum FrontVerdict
{
    Success,

    /// <summary>Bad, expired or unknown credentials, or an unknown BAL: IMAP [AUTHENTICATIONFAILED], SMTP 535 5.7.8.</summary>
    Failed,

    /// <summary>A valid credential of someone not allowed on this BAL: IMAP [AUTHORIZATIONFAILED], SMTP 535 5.7.8.</summary>
    NotAuthorized,

    /// <summary>The authority could not answer (PSC down): IMAP [UNAVAILABLE], SMTP 454 4.7.0.</summary>
    Unavailable,
}

/// <param name="Address">The BAL opened, as the store spells it (on success).</param>
/// <param name="Reason">Why, for logs and the audit trail; never a credential.</param>
/// <param name="BalId">The store's id of the BAL opened (on success), so the session need not look it up again.</param>
public sealed record FrontIdentity(FrontVerdict Verdict, string? Address, string Reason, long? BalId = null);

/// <summary>Who may open which BAL, for the IMAP and SMTP fronts alike: the Operator answers, sessions only ask.</summary>
public interface IFrontAuthenticator
{
    /// <summary>PSC front: the BAL address and access token from XOAUTH2 or OAUTHBEARER, and where the client connects from.</summary>
    Task<FrontIdentity> AuthenticateBearerAsync(string address, string token, string mechanism, System.Net.IPAddress? remote, CancellationToken cancellationToken);

    /// <summary>AUTH_CLI front: the BAL address from PLAIN, the TLS client certificate (null if none was sent) and the intermediates sent with it.</summary>
    Task<FrontIdentity> AuthenticateCertificateAsync(string address, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken);
}
