namespace OpenMss.Smtp.Client;

/// <summary>One server reply: its code and its text, lines joined by spaces (the enhanced status code, when sent, heads it).</summary>
public sealed record ClientReply(int Code, string Text)
{
    /// <summary>Each line's text, for replies whose lines mean something apart (EHLO's extensions).</summary>
    public IReadOnlyList<string> Lines { get; init; } = [Text];

    public bool IsPositive => Code is >= 200 and < 400;

    public override string ToString() => $"{Code} {Text}";
}

/// <summary>
/// The session cannot go on: the server refused it (greeting, EHLO, STARTTLS: <see cref="Reply"/> says how) or broke
/// the protocol (a line that is no reply, too long, or data sent after its STARTTLS answer).
/// </summary>
public sealed class SmtpClientException : Exception
{
    /// <summary>The refusal, when the server answered one.</summary>
    public ClientReply? Reply { get; init; }

    public SmtpClientException()
    {
    }

    public SmtpClientException(string message)
        : base(message)
    {
    }

    public SmtpClientException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
