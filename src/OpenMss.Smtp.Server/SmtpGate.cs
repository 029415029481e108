using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>What the session knows, for the gate to judge.</summary>
/// <param name="Authenticated">On an MTA front, TLS is on: the peer's certificate is judged at MAIL, for its sender's domain.</param>
internal readonly record struct SessionState(bool Greeted, bool Tls, bool Authenticated, bool InTransaction, int Recipients, bool InChunks, bool Mta = false);

/// <summary>
/// The one place that says which command is legal when (RFC 5321 §4.1.4, RFC 3207 §4, RFC 4954 §4, RFC 3030 §2).
/// Nothing that needs authentication is reachable before STARTTLS; no AUTH is offered or accepted in clear text.
/// </summary>
internal static class SmtpGate
{
    public static SmtpReply? Refusal(SmtpCommand command, SessionState state) => command switch
    {
        EhloCommand or InvalidCommand => null,
        SimpleCommand { Name: "QUIT" or "NOOP" or "RSET" or "HELP" or "VRFY" } => null,
        SimpleCommand { Name: "STARTTLS" } => !state.Greeted ? SmtpReplies.HelloFirst
            : state.Tls ? new SmtpReply(503, "5.5.1", "TLS is already on.")
            : null,
        AuthCommand when state.Mta => new SmtpReply(502, "5.5.1", "AUTH is not offered between operators: the TLS client certificate identifies the peer."),
        AuthCommand => !state.Greeted ? SmtpReplies.HelloFirst
            : !state.Tls ? new SmtpReply(538, "5.7.11", "Encryption required for requested authentication mechanism: issue STARTTLS first.")
            : state.Authenticated ? new SmtpReply(503, "5.5.1", "Already authenticated.")
            : state.InTransaction ? new SmtpReply(503, "5.5.1", "AUTH is not allowed during a mail transaction.")
            : null,
        MailCommand => Secured(state) ?? (state.InTransaction ? new SmtpReply(503, "5.5.1", "Nested MAIL command.") : null),
        RcptCommand => Secured(state) ?? (!state.InTransaction ? new SmtpReply(503, "5.5.1", "Need MAIL before RCPT.") : null),
        DataCommand => Secured(state) ?? (!state.InTransaction ? new SmtpReply(503, "5.5.1", "Need MAIL before DATA.")
            : state.InChunks ? new SmtpReply(503, "5.5.1", "DATA cannot follow BDAT in one transaction.")
            : state.Recipients == 0 ? new SmtpReply(554, "5.5.1", "No valid recipients.")
            : null),
        BdatCommand => Secured(state) ?? (!state.InTransaction ? new SmtpReply(503, "5.5.1", "Need MAIL before BDAT.")
            : state.Recipients == 0 ? new SmtpReply(554, "5.5.1", "No valid recipients.")
            : null),
        _ => new SmtpReply(500, "5.5.1", "Command unrecognized."),
    };

    private static SmtpReply? Secured(SessionState state) =>
        !state.Greeted ? SmtpReplies.HelloFirst
        : !state.Tls ? new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first.")
        : !state.Authenticated ? new SmtpReply(530, "5.7.0", "Authentication required.")
        : null;
}

internal static class SmtpReplies
{
    public static readonly SmtpReply HelloFirst = new(503, "5.5.1", "Send EHLO first.");
    public static readonly SmtpReply Ok = new(250, "2.0.0", "OK");
    public static readonly SmtpReply LocalError = new(451, "4.3.0", "Local error in processing: try again later.");
    public static readonly SmtpReply ShuttingDown = new(421, "4.3.2", "Service shutting down, closing the connection.");
    public static readonly SmtpReply TooBig = new(552, "5.3.4", "Message size exceeds the fixed maximum.");
}
