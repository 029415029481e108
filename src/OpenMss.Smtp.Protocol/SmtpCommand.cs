namespace OpenMss.Smtp.Protocol;

/// <summary>A parsed command line (RFC 5321 §4.1, RFC 3207, RFC 4954, RFC 3030).</summary>
public abstract record SmtpCommand
{
    /// <summary>The verb as the client wrote it, upper-cased, for logs.</summary>
    public abstract string Verb { get; }
}

public sealed record EhloCommand(string Domain, bool Extended) : SmtpCommand
{
    public override string Verb => Extended ? "EHLO" : "HELO";
}

/// <param name="Path">The reverse-path address, or "" for the null path &lt;&gt;.</param>
public sealed record MailCommand(string Path, long? Size, bool EightBitMime, bool Utf8) : SmtpCommand
{
    public override string Verb => "MAIL";

    /// <summary>RFC 3461 §4.3 RET: FULL or HDRS, upper case; null when absent.</summary>
    public string? Ret { get; init; }

    /// <summary>RFC 3461 §4.4 ENVID, xtext decoded; null when absent.</summary>
    public string? EnvId { get; init; }
}

public sealed record RcptCommand(string Path) : SmtpCommand
{
    public override string Verb => "RCPT";

    /// <summary>RFC 3461 §4.1 NOTIFY: NEVER, or a comma list of SUCCESS, FAILURE, DELAY, upper case; null when absent.</summary>
    public string? Notify { get; init; }

    /// <summary>RFC 3461 §4.2 ORCPT: "addr-type;address" with the address xtext decoded; null when absent.</summary>
    public string? Orcpt { get; init; }
}

public sealed record DataCommand : SmtpCommand
{
    public override string Verb => "DATA";
}

/// <summary>RFC 3030 CHUNKING: a chunk of exactly <paramref name="Size"/> octets follows the line.</summary>
public sealed record BdatCommand(long Size, bool Last) : SmtpCommand
{
    public override string Verb => "BDAT";
}

/// <param name="InitialResponse">The base64 initial response, "=" for an empty one, null when absent.</param>
public sealed record AuthCommand(string Mechanism, string? InitialResponse) : SmtpCommand
{
    public override string Verb => "AUTH";
}

public sealed record SimpleCommand(string Name) : SmtpCommand
{
    public override string Verb => Name;
}

/// <summary>The line could not be parsed; the reply says why.</summary>
public sealed record InvalidCommand(string Name, SmtpReply Reply) : SmtpCommand
{
    public override string Verb => Name;
}
