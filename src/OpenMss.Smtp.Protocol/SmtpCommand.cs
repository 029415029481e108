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
}

public sealed record RcptCommand(string Path) : SmtpCommand
{
    public override string Verb => "RCPT";
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
