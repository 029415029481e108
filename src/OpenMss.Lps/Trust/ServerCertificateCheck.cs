using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OpenMss.Lps.Trust;

/// <summary>
/// Judges one connection's server certificate during the TLS handshake (a synchronous callback): the host name,
/// the chain to one of the configured roots alone, and the dates. Revocation needs the network, so it is checked
/// right after the handshake and before anything is authenticated (<see cref="CrlChecker"/>), on the chain kept here.
/// </summary>
internal sealed class ServerCertificateCheck(MssTrustOptions options, TimeProvider time)
{
    /// <summary>Why the certificate was refused, when it was.</summary>
    public string? Problem { get; private set; }

    /// <summary>The validated chain, leaf first, root last, until <see cref="Release"/>.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; private set; } = [];

    /// <summary>Frees the chain once revocation is checked: a session held open for hours should not keep three certificates and their native handles.</summary>
    public void Release()
    {
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }

        Chain = [];
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        Problem = Judge(certificate, presented, errors);
        return Problem is null;
    }

    private string? Judge(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the operator presented no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return "the operator's certificate does not name the host connected to";
        }

        if (options.Roots.Count == 0)
        {
            return "no trust anchor is configured (MssTrustOptions.Roots: the IGC Santé roots, or a sandbox's CA)";
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // CRLs are ours to fetch and keep (ECO.1.1.7)
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().LocalDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(options.Roots);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        chain.Build(leaf);
        var elements = chain.ChainElements.Cast<X509ChainElement>().Select(e => e.Certificate).ToList();
        var root = elements[elements.Count - 1];
        if (!options.Roots.Cast<X509Certificate2>().Any(r => r.RawData.AsSpan().SequenceEqual(root.RawData)))
        {
            return $"the operator's certificate ({leaf.Subject}) does not chain to a configured trust anchor (IGC Santé only, ECO.1.1.10)";
        }

        foreach (var status in chain.ChainStatus)
        {
            switch (status.Status)
            {
                case X509ChainStatusFlags.NoError:
                case X509ChainStatusFlags.UntrustedRoot: // our anchors are not in the system store: checked above
                case X509ChainStatusFlags.RevocationStatusUnknown:
                case X509ChainStatusFlags.OfflineRevocation:
                    continue;
                case X509ChainStatusFlags.NotTimeValid:
                    return $"the operator's certificate ({leaf.Subject}) or its chain is expired or not yet valid (ECO.1.1.5)";
                default:
                    return $"the operator's certificate chain is invalid: {status.Status} {status.StatusInformation.Trim()}";
            }
        }

        Chain = elements;
        return null;
    }
}
