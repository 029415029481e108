namespace OpenMss.Storage.Model;

/// <summary>A message whose flags a store operation changed, with its new flags and modseq.</summary>
public sealed record FlagUpdate(uint Uid, FlagSet Flags, ulong ModSeq);
