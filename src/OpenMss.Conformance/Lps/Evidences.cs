using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Lps;

/// <summary>Evidence made from what was observed: a session's transcript, an authentication, a message's headers, DNS questions.</summary>
public static class Evidences
{
    public static Evidence Session(RecordedSession session, Func<TranscriptLine, bool>? lines = null, int maxLines = 14) =>
        new(session.Name, session.Excerpt(lines, maxLines));

    public static Evidence Attempt(RecordedSession session, AuthAttempt attempt) =>
        new(session.Name, $"{attempt.At:HH:mm:ss.fff} {attempt.Mechanism} {(attempt.OverTls ? "over TLS" : "IN CLEAR")}"
            + (attempt.Xoauth2 is { } x ? $", {x.Shape}, token subject {x.TokenSubject ?? "unknown"}" : "")
            + (attempt.Plain is { } p ? $", PLAIN authcid '{p.Authcid}'" : "")
            + $" -> {attempt.Reply ?? "no answer"}{(attempt.Injected ? " (answered by the tool)" : "")}");

    public static Evidence Message(RecordedSession session, SubmittedMessage message) =>
        new(session.Name, $"MAIL FROM:<{message.MailFrom}> to {string.Join(", ", message.Recipients)}, {message.Size} bytes, subject '{message.Subject}'\n"
            + string.Join('\n', message.Headers.Where(h => h.Value.Count > 0).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")))
            + string.Concat(message.Attachments.Select(a => $"\nattachment {a.FileName} ({a.ContentType}, {a.Size} bytes)"
                + (a.Xdm is { } x ? $": documents {string.Join(",", x.Codes)}, qualified INS {string.Join(",", x.QualifiedIns.Select(q => q ? "yes" : "no"))}"
                    + (x.Problems.Count > 0 ? $", problems: {string.Join("; ", x.Problems)}" : "") : ""))));

    public static Evidence Dns(IEnumerable<(DateTimeOffset At, OpenMss.Sandbox.DnsQueryObserved Query)> queries) =>
        new("DNS", string.Join('\n', queries.Take(20).Select(q => $"{q.At:HH:mm:ss.fff} {q.Query.Type} {q.Query.Name} from {q.Query.From}")));
}
