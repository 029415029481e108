using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenMss.Storage.Relational;

/// <summary>
/// Statements that need none of each other's results, sent as one command: one round trip to PostgreSQL instead of
/// one per statement (SQLite runs them in turn, in process). Each statement's parameters are renamed apart.
/// </summary>
public sealed partial class SqlBatch
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Name, object? Value)> _parameters = [];

    public int Count { get; private set; }

    public void Add(string text, params (string Name, object? Value)[] parameters)
    {
        var suffix = "_" + Count++;
        _text.Append(Parameter().Replace(text, m => m.Value + suffix)).Append(";\n");
        foreach (var (name, value) in parameters)
        {
            _parameters.Add((name + suffix, value));
        }
    }

    /// <summary>Runs every statement added, in order, in the transaction.</summary>
    public Task ExecuteAsync(DbTransaction transaction, CancellationToken cancellationToken) =>
        Count == 0 ? Task.CompletedTask : Sql.ExecuteAsync(transaction, _text.ToString(), cancellationToken, [.. _parameters]);

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();
}
