namespace OpenMss.Operator.Hosting;

/// <summary>
/// Fixed loopback ports, all moved together by one base (<c>--ports-base</c>): base + the protocol's usual port
/// number, so 10143 is IMAP, 10587 submission, 10080 the admin and health endpoint.
/// </summary>
public sealed record ListenerPorts(int Base)
{
    public const int DefaultBase = 10000;

    public int Admin => Base + 80;

    public int ImapPsc => Base + 143;

    public int ImapAuthCli => Base + 144;

    public int SubmissionPsc => Base + 587;

    public int SubmissionAuthCli => Base + 588;

    public int Mta => Base + 25;

    public int Psc => Base + 443;

    /// <summary>The sandbox's webmail, HTTPS (DESIGN.md §5: sandbox.json <c>webmail</c>).</summary>
    public int Webmail => Base + 82;

    /// <summary>The sandbox's LPS intermediate server (<c>openmss gateway</c>), HTTPS.</summary>
    public int Gateway => Base + 444;

    /// <summary>The sandbox's DNS server (UDP and TCP), answering SRV and address records of its zone.</summary>
    public int Dns => Base + 53;

    /// <summary>The operator console (HTTPS; docs/console.md), on each operator's address.</summary>
    public int Console => Base + 81;

    /// <summary>The sandbox's CRL publication (HTTP), where its server certificates' distribution points lead.</summary>
    public int Crl => Base + 83;

    /// <summary>The operator's admin API (HTTPS; docs/admin-api.md).</summary>
    public int AdminApi => Base + 446;

    /// <summary>The sandbox's Annuaire Santé stand-in over LDAP (slapd).</summary>
    public int AnnuaireLdap => Base + 389;

    /// <summary>The sandbox's Annuaire Santé stand-in over HTTPS: FHIR (search and the operators' PATCH) and the extraction.</summary>
    public int Annuaire => Base + 445;

    /// <summary>True when every port fits below 65536.</summary>
    public bool IsValid => Base is >= 0 and <= 65535 - 588;
}
