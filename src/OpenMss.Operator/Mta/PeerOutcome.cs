namespace OpenMss.Operator.Mta;

/// <summary>What became of one recipient in one attempt.</summary>
public enum PeerVerdict
{
    Delivered,

    /// <summary>A 4xx answer or a network failure: try again later.</summary>
    Temporary,

    /// <summary>A 5xx answer or a trust refusal: fail now and report to the sender.</summary>
    Permanent,
}

/// <param name="Reply">What the peer answered ("550 5.1.1 No such BAL here.") or what went wrong, one line.</param>
/// <param name="Status">The RFC 3463 status for a delivery report (e.g. 5.1.1, 4.4.1, 5.7.1).</param>
/// <param name="RemoteMta">The MX host that answered, when one did.</param>
/// <param name="Answered">The peer answered in SMTP (so its domain is reachable, whatever it said).</param>
/// <param name="MailboxFull">The recipient's BAL is full (552, or status X.2.2): retried, then failed after <see cref="MtaOptions.FullMailboxLifetime"/>.</param>
public sealed record PeerOutcome(PeerVerdict Verdict, string Reply, string Status, string? RemoteMta = null, bool Answered = false, bool MailboxFull = false)
{
    /// <summary>A failure before any SMTP answer: connection, TLS, trust or DNS.</summary>
    public static PeerOutcome Failure(bool permanent, string status, string reason, string? remoteMta = null) =>
        new(permanent ? PeerVerdict.Permanent : PeerVerdict.Temporary, reason, status, remoteMta);

    /// <summary>From an SMTP reply code and its text, which the enhanced status code heads when the server sent one.</summary>
    public static PeerOutcome FromReply(int code, string text, string remoteMta)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        var first = line.Split(' ', 2)[0];
        var status = first.Length >= 5 && first.Count(c => c == '.') == 2 && char.IsDigit(first[0]) ? first : code >= 500 ? "5.0.0" : "4.0.0";
        // A full mailbox clears when its holder deletes mail: RFC 5321 §4.5.3.1.10 has a 552 treated as 452, and
        // RFC 3463 X.2.2 is "mailbox full" whether the peer called it temporary or not.
        var full = code == 552 || status[1..] == ".2.2";
        var verdict = code is >= 200 and < 300 ? PeerVerdict.Delivered : code >= 500 && !full ? PeerVerdict.Permanent : PeerVerdict.Temporary;
        return new PeerOutcome(verdict, $"{code} {line}", status, remoteMta, Answered: true, MailboxFull: full && code >= 400);
    }
}
