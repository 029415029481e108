namespace OpenMss.Storage.Model;

/// <summary>A folder to create; names use '/' as the hierarchy delimiter.</summary>
public sealed record NewFolder(string Name, SpecialUse SpecialUse = SpecialUse.None, bool Subscribed = true);
