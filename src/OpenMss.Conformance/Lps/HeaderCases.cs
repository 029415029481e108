using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;
using OpenMss.Sandbox.Mes;

namespace OpenMss.Conformance.Lps;

/// <summary>Cases on what the LPS writes in the messages it submits: MSSanté headers (MSSANTE.md §5.1), IHE_XDM, patient exchanges, read receipts.</summary>
public static class HeaderCases
{
    public const string DdmPrefix = "XDM/1.0/DDM+";

    public static JudgedCase<LpsObservations> Nil() => new(
        new(CaseIds.Nil, "X-MSS-NIL on every message, equal to the product's NIL", ["ECO.2.4.3", "SC.MSS/CONF.16"], Severity.Critical, CaseKind.Observed,
            "Send messages: each must carry one X-MSS-NIL with the NIL the product got from Convergence."),
        (c, o) =>
        {
            var messages = o.Messages;
            if (messages.Count == 0)
            {
                return CaseResult.NotRun(c, "No message was submitted.");
            }

            foreach (var (session, message) in messages)
            {
                var values = message.Header("X-MSS-NIL");
                var problem = values.Count switch
                {
                    0 => "has no X-MSS-NIL",
                    > 1 => $"has {values.Count} X-MSS-NIL headers",
                    _ when values[0].Length is 0 or > 64 || values[0].Any(ch => ch is < '!' or > '~') => $"has X-MSS-NIL '{values[0]}', not 1 to 64 printable ASCII characters",
                    _ when o.Nil is not null && values[0] != o.Nil => $"has X-MSS-NIL '{values[0]}', not the declared NIL '{o.Nil}'",
                    _ => null,
                };
                if (problem is not null)
                {
                    return CaseResult.Failed(c, $"A message to {string.Join(", ", message.Recipients)} {problem}.", Evidences.Message(session, message));
                }
            }

            var distinct = messages.Select(m => m.Message.Header("X-MSS-NIL")[0]).Distinct().ToList();
            return distinct.Count > 1
                ? CaseResult.Failed(c, $"Messages carry different NILs: {string.Join(", ", distinct)}.", Evidences.Message(messages[0].Session, messages[0].Message))
                : CaseResult.Passed(c, $"{messages.Count} message(s), each with X-MSS-NIL: {distinct[0]}{(o.Nil is null ? " (no NIL declared with --nil: only its form was checked)" : "")}.", Evidences.Message(messages[0].Session, messages[0].Message));
        });

    public static JudgedCase<LpsObservations> CodeCda() => Structured(
        new(CaseIds.CodeCda, "X-MSS-CODECDA lists the code of each attached CDA", ["ECO.2.4.1", "SC.MSS/CONF.15"], Severity.Critical, CaseKind.Observed,
            "Send a message with a CDA document in IHE_XDM: X-MSS-CODECDA must list each document's code, in order, comma-separated; a message without document has none."),
        "X-MSS-CODECDA",
        xdm => string.Join(",", xdm.Codes),
        header => string.Join(",", header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));

    public static JudgedCase<LpsObservations> Ins() => Structured(
        new(CaseIds.Ins, "X-MSS-INS says whether the documents carry a qualified INS", ["ECO.2.4.2", "SC.MSS/CONF.14"], Severity.Critical, CaseKind.Observed,
            "Send a message with a CDA document in IHE_XDM: X-MSS-INS must be O when every document carries a qualified INS, N otherwise; a message without document has none."),
        "X-MSS-INS",
        xdm => xdm.QualifiedIns.All(q => q) ? "O" : "N",
        header => header);

    public static JudgedCase<LpsObservations> XdmArchive() => new(
        new(CaseIds.XdmArchive, "IHE_XDM.ZIP well formed", ["ECO.2.1.1", "ECO.2.1.2"], Severity.Critical, CaseKind.Observed,
            "Send a message with a CDA document: the attachment IHE_XDM.ZIP must hold METADATA.XML and documents whose hash and size match it."),
        (c, o) =>
        {
            var archives = o.Messages.SelectMany(m => m.Message.Attachments.Where(a => a.Xdm is not null).Select(a => (m.Session, m.Message, Attachment: a))).ToList();
            if (archives.Count == 0)
            {
                return CaseResult.NotRun(c, "No message carried an IHE_XDM archive.");
            }

            var bad = archives.FirstOrDefault(a => a.Attachment.Xdm!.Problems.Count > 0 || a.Attachment.Xdm.Codes.Count == 0 || !string.Equals(a.Attachment.FileName, "IHE_XDM.ZIP", StringComparison.OrdinalIgnoreCase));
            return bad.Message is not null
                ? CaseResult.Failed(c, bad.Attachment.Xdm!.Problems.Count > 0 ? $"The archive has problems: {string.Join("; ", bad.Attachment.Xdm.Problems)}." : $"The archive is named {bad.Attachment.FileName} or holds no document.", Evidences.Message(bad.Session, bad.Message))
                : CaseResult.Passed(c, $"{archives.Count} archive(s), each sound.", Evidences.Message(archives[0].Session, archives[0].Message));
        });

    public static JudgedCase<LpsObservations> XdmSubject() => new(
        new(CaseIds.XdmSubject, "Subject XDM/1.0/DDM+<libellé> <NOM> <prénom> <date de naissance>", ["ECO.2.1.3"], Severity.Minor, CaseKind.Observed,
            "Send a message with a CDA document: its subject must begin with XDM/1.0/DDM+ followed by the document's label and the patient."),
        (c, o) =>
        {
            var structured = o.Messages.Where(m => m.Message.Attachments.Any(a => a.Xdm is not null)).ToList();
            if (structured.Count == 0)
            {
                return CaseResult.NotRun(c, "No message carried an IHE_XDM archive.");
            }

            var bad = structured.FirstOrDefault(m => m.Message.Subject is not { } subject || !subject.StartsWith(DdmPrefix, StringComparison.Ordinal) || subject.Length <= DdmPrefix.Length);
            return bad.Message is not null
                ? CaseResult.Failed(c, $"The subject is '{bad.Message.Subject}'.", Evidences.Message(bad.Session, bad.Message))
                : CaseResult.Passed(c, $"Subject '{structured[0].Message.Subject}'.", Evidences.Message(structured[0].Session, structured[0].Message));
        });

    public static JudgedCase<LpsObservations> MesEnd() => new(
        new(CaseIds.MesEnd, "X-MSS-MES: FIN ends an exchange with a patient", ["ECO.2.2.8", "SC.MSS/CONF.21"], Severity.Critical, CaseKind.Observed,
            $"Send a message to the patient {ReferenceOperator.PatientAddress} ending the exchange: it must carry X-MSS-MES: FIN; messages to professionals never do."),
        (c, o) =>
        {
            var toProfessionals = o.Messages.FirstOrDefault(m => m.Message.Header("X-MSS-MES").Count > 0 && !m.Message.Recipients.Any(IsPatient));
            if (toProfessionals.Message is not null)
            {
                return CaseResult.Failed(c, "A message to professionals only carries X-MSS-MES.", Evidences.Message(toProfessionals.Session, toProfessionals.Message));
            }

            var toPatients = o.Messages.Where(m => m.Message.Recipients.Any(IsPatient)).ToList();
            if (toPatients.Count == 0)
            {
                return CaseResult.NotRun(c, "No message was sent to the patient.");
            }

            var ending = toPatients.FirstOrDefault(m => m.Message.Header("X-MSS-MES") is [var value] && value.Equals("FIN", StringComparison.Ordinal));
            return ending.Message is null
                ? CaseResult.Failed(c, "No message to the patient carried exactly one X-MSS-MES: FIN.", Evidences.Message(toPatients[0].Session, toPatients[0].Message))
                : CaseResult.Passed(c, "The message to the patient carried X-MSS-MES: FIN.", Evidences.Message(ending.Session, ending.Message));
        });

    public static JudgedCase<LpsObservations> ReadReceipt() => new(
        new(CaseIds.ReadReceipt, "Read receipt requested with Disposition-Notification-To", ["ECO.3.1.6", "RFC 8098"], Severity.Minor, CaseKind.Observed,
            "Send a message asking for a read receipt: Disposition-Notification-To must name the sending BAL."),
        (c, o) =>
        {
            var asking = o.Messages.Where(m => m.Message.Header("Disposition-Notification-To").Count > 0).ToList();
            if (asking.Count == 0)
            {
                return CaseResult.NotRun(c, "No message asked for a read receipt.");
            }

            var wrong = asking.FirstOrDefault(m => !m.Message.Header("Disposition-Notification-To")[0].Contains(o.Bal, StringComparison.OrdinalIgnoreCase));
            return wrong.Message is not null
                ? CaseResult.Failed(c, $"Disposition-Notification-To names {wrong.Message.Header("Disposition-Notification-To")[0]}, not the sending BAL {o.Bal}.", Evidences.Message(wrong.Session, wrong.Message))
                : CaseResult.Passed(c, "Disposition-Notification-To names the sending BAL.", Evidences.Message(asking[0].Session, asking[0].Message));
        });

    private static bool IsPatient(string address) => address.EndsWith("@" + MesStandIn.Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>A header that must say what the attached IHE_XDM holds, and be absent from messages without one.</summary>
    private static JudgedCase<LpsObservations> Structured(ConformanceCase definition, string header, Func<XdmFacts, string> expected, Func<string, string> normalise) => new(
        definition,
        (c, o) =>
        {
            var messages = o.Messages;
            var structured = messages.Where(m => m.Message.Attachments.Any(a => a.Xdm is { Codes.Count: > 0 })).ToList();
            var stray = messages.FirstOrDefault(m => !structured.Contains(m) && m.Message.Header(header).Count > 0);
            if (stray.Message is not null)
            {
                return CaseResult.Failed(c, $"A message without structured document carries {header}.", Evidences.Message(stray.Session, stray.Message));
            }

            if (structured.Count == 0)
            {
                return CaseResult.NotRun(c, "No message carried a CDA document in IHE_XDM.");
            }

            foreach (var (session, message) in structured)
            {
                var want = string.Join(",", message.Attachments.Where(a => a.Xdm is not null).Select(a => expected(a.Xdm!)));
                var values = message.Header(header);
                if (values.Count != 1 || normalise(values[0]) != want)
                {
                    return CaseResult.Failed(c, $"{header} is '{string.Join(" | ", values)}' where the archive says '{want}'.", Evidences.Message(session, message));
                }
            }

            return CaseResult.Passed(c, $"{header} matches the archive in {structured.Count} message(s).", Evidences.Message(structured[0].Session, structured[0].Message));
        });
}
