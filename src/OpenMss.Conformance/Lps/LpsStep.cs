namespace OpenMss.Conformance.Lps;

/// <summary>
/// One thing the tester has the LPS do, as conformance.json lists it for scripts and the guided mode prints it:
/// fetch a BAL's INBOX or send a message, through DNS autoconfiguration (no endpoint given) or the endpoint given,
/// expecting it to succeed or to be refused by the LPS itself. <paramref name="Cases"/> are the cases it feeds.
/// </summary>
/// <param name="Action">fetch, send, or watch (fetch, then keep the session open waiting for new mail).</param>
/// <param name="Credentials">How the LPS authenticates: token (its usual way to get PSC tokens), gateway (through the intermediate server given in conformance.json), or certificate (BAL APP).</param>
/// <param name="Expect">success, or failure (the LPS must refuse to go on, or give up).</param>
public sealed record LpsStep(
    string Id,
    string Action,
    string Bal,
    string Expect,
    string Text,
    IReadOnlyList<string> Cases,
    string? Imap = null,
    string? Submission = null,
    IReadOnlyList<string>? To = null,
    string? Subject = null,
    IReadOnlyList<string>? Cda = null,
    bool DdmSubject = false,
    bool EndExchange = false,
    bool ReadReceipt = false,
    string? Credentials = null);
