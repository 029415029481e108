using System.Data.Common;
using System.Runtime.CompilerServices;

namespace OpenMss.Storage.Relational;

/// <summary>
/// Commands kept prepared on one long-lived connection (the group committer's). Microsoft.Data.Sqlite prepares a
/// statement again for every new command and keeps no cache across commands (dotnet/efcore#14044); a command that
/// is executed again keeps its prepared statements. Bounded: past <see cref="Capacity"/> texts, commands are not kept.
/// </summary>
public sealed class StatementCache : IDisposable
{
    public const int Capacity = 64;

    private static readonly ConditionalWeakTable<DbConnection, StatementCache> Attached = [];

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    private StatementCache()
    {
    }

    /// <summary>Every statement run through <see cref="Sql"/> on <paramref name="connection"/> is kept prepared until the cache is disposed.</summary>
    public static StatementCache AttachTo(DbConnection connection)
    {
        var cache = new StatementCache();
        Attached.AddOrUpdate(connection, cache);
        return cache;
    }

    internal static StatementCache? For(DbConnection connection) => Attached.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>The kept command for <paramref name="text"/>, or a new one it keeps if there is room (null: use a throw-away command).</summary>
    internal DbCommand? Get(DbConnection connection, string text)
    {
        if (_commands.TryGetValue(text, out var command))
        {
            return command;
        }

        if (_commands.Count >= Capacity)
        {
            return null;
        }

        command = connection.CreateCommand();
        command.CommandText = text;
        _commands.Add(text, command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
