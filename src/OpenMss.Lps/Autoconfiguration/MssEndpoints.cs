namespace OpenMss.Lps.Autoconfiguration;

/// <summary>
/// The fronts of one BAL: IMAP and submission candidates, in the order to try them (RFC 2782 weighted order within
/// the priority of the BAL's type; the next one when a connection fails).
/// </summary>
public sealed record MssEndpoints(IReadOnlyList<ServiceEndpoint> Imap, IReadOnlyList<ServiceEndpoint> Submission)
{
    /// <summary>Explicit endpoints, which take the place of autoconfiguration.</summary>
    public static MssEndpoints Explicit(ServiceEndpoint imap, ServiceEndpoint submission) => new([imap], [submission]);
}
