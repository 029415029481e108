namespace OpenMss.Conformance.Observation;

/// <summary>What a TLS handshake with the client settled: the version and suite, and the client's certificate when one was asked for.</summary>
public sealed record TlsFacts(string Protocol, string CipherSuite, ClientCertificateFacts? ClientCertificate);

/// <summary>The client certificate presented (BAL APP): its subject, OU values, issuer and whether it chains to the test IGC Santé root.</summary>
public sealed record ClientCertificateFacts(string Subject, IReadOnlyList<string> OrganisationalUnits, string Issuer, bool ChainsToRoot, string ChainStatus);
