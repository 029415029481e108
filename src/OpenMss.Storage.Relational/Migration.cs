namespace OpenMss.Storage.Relational;

/// <summary>One versioned schema step, read from a backend's embedded <c>Migrations/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Script)
{
    /// <summary>Loads the embedded scripts of a backend assembly, ordered by version.</summary>
    public static IReadOnlyList<Migration> FromAssembly(System.Reflection.Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            // Resource names look like "<root namespace>.Migrations.0001_initial.sql".
            var fileName = resource.Split(".Migrations.")[^1];
            var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, fileName, reader.ReadToEnd()));
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }
}
