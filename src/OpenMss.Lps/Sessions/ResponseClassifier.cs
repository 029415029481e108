using System.Text;
using System.Text.RegularExpressions;

namespace OpenMss.Lps.Sessions;

/// <summary>
/// Turns the operator's last response lines into a <see cref="Verdict"/>: IMAP by the RFC 5530 response code of the
/// tagged reply (or an untagged BYE), submission by the RFC 3463/4954 reply and enhanced status codes, and both by
/// the XOAUTH2 error challenge (base64 JSON whose <c>status</c> is 401 for a refused token, 403 for an identity not
/// allowed). A failure without a readable code is a refused credential: what every server sends at least.
/// </summary>
internal static class ResponseClassifier
{
    private static readonly Regex ImapTagged = new(@"^[A-Za-z0-9.]+ (NO|BAD) (\[(?<code>[A-Z-]+)[^\]]*\] )?(?<text>.*)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex ImapBye = new(@"^\* BYE (\[(?<code>[A-Z-]+)[^\]]*\] )?(?<text>.*)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex SmtpReply = new(@"^(?<reply>[2-5][0-9]{2})[ -]((?<enhanced>[245]\.[0-9]{1,3}\.[0-9]{1,3}) )?(?<text>.*)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex ChallengeStatus = new("\"status\"\\s*:\\s*\"?(?<status>[0-9]{3})", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static Verdict Authentication(MailProtocol protocol, IReadOnlyList<string> lines, bool usesToken)
    {
        var refusedCredential = usesToken ? VerdictKind.TokenRefused : VerdictKind.NotAuthorized;
        var status = BearerStatus(protocol, lines);
        var last = Final(protocol, lines);
        if (status == "403")
        {
            return new Verdict(VerdictKind.NotAuthorized, last?.Code, last?.Text ?? "not authorised on this BAL");
        }

        if (last is null)
        {
            return new Verdict(refusedCredential, null, "the operator refused the credentials");
        }

        var kind = protocol == MailProtocol.Imap ? ImapKind(last.Code, refusedCredential) : SmtpKind(last.Code, refusedCredential);
        return last with { Kind = kind };
    }

    /// <summary>A command refused after authentication.</summary>
    public static Verdict Command(MailProtocol protocol, IReadOnlyList<string> lines)
    {
        var last = Final(protocol, lines);
        if (last is null)
        {
            return new Verdict(VerdictKind.Refused, null, "the operator refused the command");
        }

        var kind = protocol == MailProtocol.Imap ? ImapKind(last.Code, VerdictKind.Refused) : SmtpKind(last.Code, VerdictKind.Refused);
        return last with { Kind = kind == VerdictKind.TokenRefused ? VerdictKind.Refused : kind };
    }

    /// <summary>True when the operator said it is ending the session (IMAP BYE, SMTP 421).</summary>
    public static bool Ended(MailProtocol protocol, IReadOnlyList<string> lines) =>
        protocol == MailProtocol.Imap ? lines.Any(l => ImapBye.IsMatch(l)) : lines.Any(l => l.StartsWith("421", StringComparison.Ordinal));

    private static Verdict? Final(MailProtocol protocol, IReadOnlyList<string> lines)
    {
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (protocol == MailProtocol.Imap)
            {
                var match = ImapTagged.Match(lines[i]);
                if (!match.Success)
                {
                    match = ImapBye.Match(lines[i]);
                }

                if (match.Success && !lines[i].StartsWith("+", StringComparison.Ordinal))
                {
                    var code = match.Groups["code"].Success ? match.Groups["code"].Value : null;
                    var prefix = lines[i].StartsWith("* BYE", StringComparison.Ordinal) ? "BYE" : "NO";
                    return new Verdict(VerdictKind.Refused, code is null ? prefix : $"{prefix} [{code}]", match.Groups["text"].Value);
                }
            }
            else
            {
                var match = SmtpReply.Match(lines[i]);
                if (match.Success && match.Groups["reply"].Value[0] is '4' or '5')
                {
                    var code = match.Groups["reply"].Value + (match.Groups["enhanced"].Success ? " " + match.Groups["enhanced"].Value : string.Empty);
                    return new Verdict(VerdictKind.Refused, code, match.Groups["text"].Value);
                }
            }
        }

        return null;
    }

    private static VerdictKind ImapKind(string? code, VerdictKind refusedCredential)
    {
        if (code is not null && code.StartsWith("BYE", StringComparison.Ordinal))
        {
            return VerdictKind.SessionEnded;
        }

        return code switch
        {
            "NO [AUTHENTICATIONFAILED]" or "NO [EXPIRED]" => refusedCredential,
            "NO [AUTHORIZATIONFAILED]" or "NO [NOPERM]" or "NO [CONTACTADMIN]" => VerdictKind.NotAuthorized,
            "NO [UNAVAILABLE]" or "NO [INUSE]" or "NO [LIMIT]" or "NO [SERVERBUG]" => VerdictKind.Unavailable,
            "NO [PRIVACYREQUIRED]" or "NO [CLIENTBUG]" => VerdictKind.Configuration,
            _ => refusedCredential,
        };
    }

    private static VerdictKind SmtpKind(string? code, VerdictKind refusedCredential)
    {
        var reply = code?.Substring(0, 3);
        return reply switch
        {
            "421" => VerdictKind.SessionEnded,
            "535" or "432" => refusedCredential,
            "454" or "451" or "452" or "450" => VerdictKind.Unavailable,
            "538" or "530" or "534" or "504" or "500" or "501" or "503" => refusedCredential == VerdictKind.Refused ? VerdictKind.Refused : VerdictKind.Configuration,
            _ => refusedCredential,
        };
    }

    private static string? BearerStatus(MailProtocol protocol, IReadOnlyList<string> lines)
    {
        var prefix = protocol == MailProtocol.Imap ? "+ " : "334 ";
        foreach (var line in lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            try
            {
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(line.Substring(prefix.Length).Trim()));
                var match = ChallengeStatus.Match(json);
                if (match.Success)
                {
                    return match.Groups["status"].Value;
                }
            }
            catch (FormatException)
            {
                // Not base64: a plain continuation, no bearer status.
            }
        }

        return null;
    }
}
