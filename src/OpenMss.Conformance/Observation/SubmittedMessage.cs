namespace OpenMss.Conformance.Observation;

/// <summary>
/// A message a client submitted, as the checks need it: envelope, the MSSanté headers and the few others cases look
/// at, and its attachments with what the IHE_XDM archives hold. The body itself is not kept.
/// </summary>
public sealed record SubmittedMessage(
    DateTimeOffset At,
    string MailFrom,
    IReadOnlyList<string> Recipients,
    long Size,
    string? Subject,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    IReadOnlyList<AttachmentFacts> Attachments,
    string? ParseProblem)
{
    public IReadOnlyList<string> Header(string name) => Headers.TryGetValue(name, out var values) ? values : [];
}

/// <summary>One attachment: its name, type, size and, for an IHE_XDM archive, what it holds.</summary>
public sealed record AttachmentFacts(string? FileName, string ContentType, long Size, XdmFacts? Xdm);

/// <summary>An IHE_XDM archive read back: sound or its problems, each document's CDA code and whether its INS is qualified.</summary>
public sealed record XdmFacts(IReadOnlyList<string> Problems, IReadOnlyList<string> Codes, IReadOnlyList<bool> QualifiedIns, IReadOnlyList<string> Titles);
