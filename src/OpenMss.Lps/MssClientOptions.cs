using System.Net;
using MailKit;
using OpenMss.Lps.Trust;

namespace OpenMss.Lps;

/// <summary>Settings of an <see cref="MssClient"/>, shared by every BAL it opens.</summary>
public sealed class MssClientOptions
{
    /// <summary>Operator certificate trust: roots (required), CRLs.</summary>
    public MssTrustOptions Trust { get; } = new();

    /// <summary>The product reference (NIL) from the Convergence platform, sent as X-MSS-NIL on every message (ECO.2.4.3). Required to send.</summary>
    public string? Nil { get; set; }

    /// <summary>The DNS server for autoconfiguration and the fronts' host names; the system's when null.</summary>
    public IPEndPoint? DnsServer { get; set; }

    /// <summary>The clock (token expiry, DNS TTLs, certificate dates, backoff).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Time allowed to each network operation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Waits between attempts when the operator or PSC is temporarily unavailable; after the last, the failure is reported.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    /// <summary>The name given in EHLO.</summary>
    public string ClientName { get; set; } = "lps.localdomain";

    /// <summary>The PLAIN password sent with a BAL APP address (the operator authenticates the certificate; MSSanté leaves the field unspecified).</summary>
    public string AppPlainPassword { get; set; } = string.Empty;

    /// <summary>How long one IDLE lasts before it is renewed (RFC 2177 asks for less than 29 minutes); each renewal is a command, so an operator's end of session is met and the session reopened there.</summary>
    public TimeSpan IdleRenewal { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>The domains of patients' Mon espace santé addresses (spec §8): patient.mssante.fr, and a sandbox's.</summary>
    public IReadOnlyList<string> PatientDomains { get; set; } = [Mes.MssPatients.ProductionDomain];

    /// <summary>Most messages one <see cref="MssMailbox.ListNewAsync"/> returns.</summary>
    public int MaxListed { get; set; } = 500;

    /// <summary>
    /// A protocol transcript for a BAL and protocol ("imap" or "submission"), or null for none. MailKit redacts the
    /// credentials the SDK sends; message bodies do go through, so keep transcripts where bodies may be kept.
    /// </summary>
    public Func<string, string, IProtocolLogger?>? Transcript { get; set; }
}
