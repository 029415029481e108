using System.Data.Common;

namespace OpenMss.Storage.Relational;

/// <summary>
/// Small helpers over ADO.NET so that statements read as SQL plus named values. On a connection with a
/// <see cref="StatementCache"/>, commands are reused (and stay prepared) instead of created per statement.
/// </summary>
public static class Sql
{
    private static Lease Command(DbConnection connection, DbTransaction? transaction, string text, (string Name, object? Value)[] parameters)
    {
        var kept = StatementCache.For(connection)?.Get(connection, text);
        var command = kept ?? connection.CreateCommand();
        command.Transaction = transaction;
        if (kept is null)
        {
            command.CommandText = text;
        }

        var reuse = command.Parameters.Count == parameters.Length;
        for (var i = 0; reuse && i < parameters.Length; i++)
        {
            reuse = command.Parameters[i].ParameterName == parameters[i].Name;
        }

        if (!reuse)
        {
            command.Parameters.Clear();
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = reuse ? command.Parameters[i] : command.CreateParameter();
            parameter.ParameterName = parameters[i].Name;
            parameter.Value = parameters[i].Value ?? DBNull.Value;
            if (!reuse)
            {
                command.Parameters.Add(parameter);
            }
        }

        return new Lease(command, kept is not null);
    }

    /// <summary>A command to use once: disposed after use unless the connection's cache keeps it.</summary>
    private readonly struct Lease(DbCommand command, bool kept) : IAsyncDisposable
    {
        public DbCommand Command { get; } = command;

        public ValueTask DisposeAsync() => kept ? ValueTask.CompletedTask : Command.DisposeAsync();
    }

    public static async Task<int> ExecuteAsync(DbTransaction transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(transaction.Connection!, transaction, text, parameters);
        return await lease.Command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One statement in a write transaction of its own, committed; returns the rows it changed.</summary>
    public static async Task<int> WriteAsync(SqlDialect dialect, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        var changed = await ExecuteAsync(transaction, text, cancellationToken, parameters);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public static async Task<T?> ScalarAsync<T>(DbConnection connection, DbTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(connection, transaction, text, parameters);
        var value = await lease.Command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ListAsync<T>(DbConnection connection, DbTransaction? transaction, string text, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(connection, transaction, text, parameters);
        await using var reader = await lease.Command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Yields rows as the reader gives them: the caller sees one at a time, whatever the result's size.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(
        DbConnection connection, string text, Func<DbDataReader, T> read, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var lease = Command(connection, null, text, parameters);
        await using var reader = await lease.Command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return read(reader);
        }
    }
}
