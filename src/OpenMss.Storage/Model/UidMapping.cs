namespace OpenMss.Storage.Model;

/// <summary>One message copied or moved: its UID in the source folder and the one it got in the target.</summary>
public readonly record struct UidMapping(uint Source, uint Target);
