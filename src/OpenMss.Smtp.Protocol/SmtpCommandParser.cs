using System.Globalization;
using System.Text;

namespace OpenMss.Smtp.Protocol;

/// <summary>
/// Turns one command line (without its CRLF) into a typed command (RFC 5321 §4.1.1). Verbs are case-insensitive.
/// MAIL accepts SIZE, BODY=7BIT|8BITMIME, SMTPUTF8, AUTH (RFC 4954 §5, ignored), RET and ENVID (RFC 3461); RCPT
/// accepts NOTIFY and ORCPT (RFC 3461). Each parameter at most once.
/// </summary>
public static class SmtpCommandParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static SmtpCommand Parse(ReadOnlySpan<byte> line)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return Invalid("", 500, "5.5.2", "Syntax error: the line is not valid UTF-8.");
        }

        if (text.Any(c => char.IsControl(c) && c != '\t'))
        {
            return Invalid("", 500, "5.5.2", "Syntax error: control characters in the command.");
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : text[(space + 1)..];
        return verb switch
        {
            "EHLO" or "HELO" => Hello(verb, argument),
            "MAIL" => Mail(argument),
            "RCPT" => Rcpt(argument),
            "DATA" => argument.Length == 0 ? new DataCommand() : Invalid(verb, 501, "5.5.4", "DATA takes no argument."),
            "BDAT" => Bdat(argument),
            "AUTH" => Auth(argument),
            "RSET" or "QUIT" or "STARTTLS" => argument.Length == 0 ? new SimpleCommand(verb) : Invalid(verb, 501, "5.5.4", $"{verb} takes no argument."),
            "NOOP" or "HELP" or "VRFY" => new SimpleCommand(verb),
            "EXPN" or "TURN" or "ETRN" => Invalid(verb, 502, "5.5.1", $"{verb} is not implemented."),
            _ => Invalid(verb.Length > 16 ? verb[..16] : verb, 500, "5.5.1", "Command unrecognized."),
        };
    }

    private static SmtpCommand Hello(string verb, string argument)
    {
        var domain = argument.Trim();
        return domain.Length == 0 || domain.Contains(' ', StringComparison.Ordinal)
            ? Invalid(verb, 501, "5.5.4", $"Syntax: {verb} domain")
            : new EhloCommand(domain, verb == "EHLO");
    }

    /// <summary>"MAIL FROM:" Reverse-path [SP Mail-parameters].</summary>
    private static SmtpCommand Mail(string argument)
    {
        if (!TrySplit(argument, "FROM:", out var path, out var parameters))
        {
            return Invalid("MAIL", 501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
        }

        long? size = null;
        bool eightBit = false, utf8 = false;
        string? ret = null, envId = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var (key, value) = KeyValue(parameter);
            if (!seen.Add(key))
            {
                return Invalid("MAIL", 501, "5.5.4", $"MAIL parameter {key} given twice.");
            }

            switch (key)
            {
                case "RET" when value is not null && (value.Equals("FULL", StringComparison.OrdinalIgnoreCase) || value.Equals("HDRS", StringComparison.OrdinalIgnoreCase)):
                    ret = value.ToUpperInvariant();
                    break;
                case "ENVID" when value is not null && XText.Decode(value) is { Length: > 0 and <= XText.MaxEnvId } decoded:
                    envId = decoded;
                    break;
                case "SIZE" when value is not null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    size = n;
                    break;
                case "BODY" when value is not null && value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase):
                    eightBit = true;
                    break;
                case "BODY" when value is not null && value.Equals("7BIT", StringComparison.OrdinalIgnoreCase):
                    break;
                case "SMTPUTF8" when value is null:
                    utf8 = true;
                    break;
                case "AUTH" when value is not null:
                    break;
                default:
                    return Invalid("MAIL", 555, "5.5.4", $"MAIL parameter {key} is not recognized or has a bad value.");
            }
        }

        var mailbox = SmtpPath.ParsePath(path, allowNull: true, utf8);
        return mailbox is null
            ? Invalid("MAIL", 501, "5.1.7", "Syntax error in the sender address.")
            : new MailCommand(mailbox, size, eightBit, utf8) { Ret = ret, EnvId = envId };
    }

    /// <summary>"RCPT TO:" Forward-path [SP Rcpt-parameters].</summary>
    private static SmtpCommand Rcpt(string argument)
    {
        if (!TrySplit(argument, "TO:", out var path, out var parameters))
        {
            return Invalid("RCPT", 501, "5.5.4", "Syntax: RCPT TO:<address>");
        }

        string? notify = null, orcpt = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var (key, value) = KeyValue(parameter);
            if (!seen.Add(key))
            {
                return Invalid("RCPT", 501, "5.5.4", $"RCPT parameter {key} given twice.");
            }

            switch (key)
            {
                case "NOTIFY" when value is not null && Notify(value) is { } list:
                    notify = list;
                    break;
                case "ORCPT" when value is not null && Orcpt(value) is { } original:
                    orcpt = original;
                    break;
                default:
                    return Invalid("RCPT", 555, "5.5.4", $"RCPT parameter {key} is not recognized or has a bad value.");
            }
        }

        // Postmaster without a domain is legal (§4.1.1.3) but names nobody here: it is refused as an unknown mailbox later.
        var mailbox = path.Equals("<postmaster>", StringComparison.OrdinalIgnoreCase) ? "postmaster" : SmtpPath.ParsePath(path, allowNull: false, utf8: true);
        return mailbox is null ? Invalid("RCPT", 501, "5.1.3", "Syntax error in the recipient address.") : new RcptCommand(mailbox) { Notify = notify, Orcpt = orcpt };
    }

    /// <summary>RFC 3461 §4.1: "NEVER" alone, or one or more of SUCCESS, FAILURE, DELAY.</summary>
    private static string? Notify(string value)
    {
        var items = value.ToUpperInvariant().Split(',');
        if (items is ["NEVER"])
        {
            return "NEVER";
        }

        return items.All(i => i is "SUCCESS" or "FAILURE" or "DELAY") && items.Distinct().Count() == items.Length ? string.Join(',', items) : null;
    }

    /// <summary>RFC 3461 §4.2: addr-type ";" xtext, the address at most 500 characters once decoded.</summary>
    private static string? Orcpt(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        if (semicolon <= 0 || !value[..semicolon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return null;
        }

        return XText.Decode(value[(semicolon + 1)..]) is { Length: > 0 and <= XText.MaxOrcpt } address ? value[..semicolon] + ";" + address : null;
    }

    /// <summary>"BDAT" SP chunk-size [SP end-marker] (RFC 3030 §2).</summary>
    private static SmtpCommand Bdat(string argument)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || (parts.Length == 2 && !parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            return Invalid("BDAT", 501, "5.5.4", "Syntax: BDAT size [LAST]");
        }

        return new BdatCommand(size, parts.Length == 2);
    }

    /// <summary>"AUTH" SP sasl-mech [SP initial-response] (RFC 4954 §4).</summary>
    private static SmtpCommand Auth(string argument)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length > 20)
        {
            return Invalid("AUTH", 501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
        }

        return new AuthCommand(parts[0].ToUpperInvariant(), parts.Length == 2 ? parts[1] : null);
    }

    /// <summary>Splits "FROM:&lt;path&gt; params" (a space after the colon is tolerated, as most servers do).</summary>
    private static bool TrySplit(string argument, string keyword, out string path, out string[] parameters)
    {
        path = "";
        parameters = [];
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument[keyword.Length..].TrimStart(' ');
        var end = rest.IndexOf('>', StringComparison.Ordinal);
        if (!rest.StartsWith('<') || end < 0)
        {
            return false;
        }

        path = rest[..(end + 1)];
        parameters = rest[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return end + 1 == rest.Length || rest[end + 1] == ' ';
    }

    private static (string Key, string? Value) KeyValue(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (parameter.ToUpperInvariant(), null) : (parameter[..equals].ToUpperInvariant(), parameter[(equals + 1)..]);
    }

    private static InvalidCommand Invalid(string verb, int code, string enhanced, string text) => new(verb, new SmtpReply(code, enhanced, text));
}
