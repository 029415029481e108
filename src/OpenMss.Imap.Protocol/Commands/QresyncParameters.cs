namespace OpenMss.Imap.Protocol.Commands;

/// <summary>
/// SELECT's QRESYNC parameter (RFC 7162 §3.2.5): what the client last knew of the mailbox. The optional
/// sequence-match data is read and not used: without it the answer is the same, only less narrowed.
/// </summary>
/// <param name="KnownUids">The UIDs the client knows (VANISHED (EARLIER) reports among those), or null for all.</param>
public sealed record QresyncParameters(uint UidValidity, ulong ModSeq, SequenceSet? KnownUids);
