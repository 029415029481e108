using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace OpenMss.Operator.Mssante;

/// <summary>One API LPS front as published in DNS: its host name and port.</summary>
public sealed record FrontAddress(string Host, int Port);

/// <summary>An SRV record to publish.</summary>
public sealed record SrvEntry(string Owner, ushort Priority, ushort Weight, int Port, string Target);

/// <summary>
/// The four SRV records an operator publishes for each domain it hosts (ECO.1.1.9, spec §4): <c>_imap._tcp</c> and
/// <c>_submission._tcp</c>, priority 10 for the PSC front (BAL PER/ORG) and 20 for the AUTH_CLI front (BAL APP),
/// weight 1. The fronts come from the <c>Autoconfig</c> configuration section (<c>HOST:PORT</c> each).
/// </summary>
public sealed record AutoconfigRecords(FrontAddress ImapPsc, FrontAddress ImapAuthCli, FrontAddress SubmissionPsc, FrontAddress SubmissionAuthCli)
{
    public const ushort PscPriority = 10;
    public const ushort AuthCliPriority = 20;

    /// <summary>The records of <paramref name="domain"/>.</summary>
    public IReadOnlyList<SrvEntry> For(string domain) =>
    [
        new($"_imap._tcp.{domain}", PscPriority, 1, ImapPsc.Port, ImapPsc.Host),
        new($"_imap._tcp.{domain}", AuthCliPriority, 1, ImapAuthCli.Port, ImapAuthCli.Host),
        new($"_submission._tcp.{domain}", PscPriority, 1, SubmissionPsc.Port, SubmissionPsc.Host),
        new($"_submission._tcp.{domain}", AuthCliPriority, 1, SubmissionAuthCli.Port, SubmissionAuthCli.Host),
    ];

    /// <summary>The records of <paramref name="domain"/> in zone-file syntax (RFC 1035 §5, RFC 2782), absolute names.</summary>
    public string ZoneText(string domain, int ttl = 3600)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"; API LPS autoconfiguration of {domain} (MSSanté ECO.1.1.9): priority 10 = PSC front (BAL PER/ORG), 20 = AUTH_CLI front (BAL APP)\n");
        foreach (var record in For(domain))
        {
            text.Append(CultureInfo.InvariantCulture, $"{record.Owner}.\t{ttl}\tIN\tSRV\t{record.Priority} {record.Weight} {record.Port} {record.Target}.\n");
        }

        return text.ToString();
    }

    /// <summary>Reads <c>Autoconfig:ImapPsc</c>, <c>ImapAuthCli</c>, <c>SubmissionPsc</c>, <c>SubmissionAuthCli</c>; null with the reason when one is missing or malformed.</summary>
    public static (AutoconfigRecords? Records, string? Problem) FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Autoconfig");
        var fronts = new Dictionary<string, FrontAddress>();
        foreach (var key in new[] { "ImapPsc", "ImapAuthCli", "SubmissionPsc", "SubmissionAuthCli" })
        {
            var value = section[key];
            if (string.IsNullOrWhiteSpace(value))
            {
                return (null, $"Autoconfig:{key} is not configured (HOST:PORT of that public front).");
            }

            var colon = value.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535
                || Identifiers.DomainName.Normalize(value[..colon]) is not { } host)
            {
                return (null, $"Autoconfig:{key} is '{value}', not HOST:PORT with a DNS host name.");
            }

            fronts[key] = new FrontAddress(host, port);
        }

        return (new AutoconfigRecords(fronts["ImapPsc"], fronts["ImapAuthCli"], fronts["SubmissionPsc"], fronts["SubmissionAuthCli"]), null);
    }
}
