namespace OpenMss.Storage.Model;

/// <summary>What a committed append assigned: what IMAP APPENDUID reports.</summary>
public sealed record AppendResult(uint UidValidity, uint Uid, ulong ModSeq, string BlobId);
