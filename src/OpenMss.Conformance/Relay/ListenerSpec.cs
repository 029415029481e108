using System.Net;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Relay;

/// <summary>
/// One listener of the reference operator: its name (what cases look for), the protocol, the operator front it
/// relays to, the certificate it shows the client (good, expired, revoked, from another CA, for another name), whether
/// it asks for a client certificate (AUTH_CLI fronts) and what it does wrong on purpose.
/// </summary>
public sealed record ListenerSpec(
    string Name,
    WireProtocol Protocol,
    IPEndPoint Endpoint,
    IPEndPoint Backend,
    X509Certificate2 Certificate,
    X509Certificate2Collection Chain,
    bool RequestClientCertificate,
    FaultPlan Faults)
{
    /// <summary>The certificate the relay presents to the operator's AUTH_CLI front (the tool's own copy of the test AUTH_CLI certificate).</summary>
    public X509Certificate2? BackendClientCertificate { get; init; }

    /// <summary>The intermediates sent with it, so that the operator can build its chain.</summary>
    public X509Certificate2Collection BackendClientChain { get; init; } = [];

    /// <summary>The root a client certificate must chain to (the test IGC Santé root).</summary>
    public X509Certificate2? ClientRoot { get; init; }
}
