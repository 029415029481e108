using System.CommandLine;
using System.Globalization;
using OpenMss.Operator.Hosting;
using OpenMss.Storage.Sqlite;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss store check</c>: verifies the store (rows against blobs, UIDs, counters) and changes nothing.</summary>
internal static class StoreCommands
{
    public static Command Create(CliContext context)
    {
        var json = Verb.JsonOption();
        var check = new Command("check", "Verify the store without changing it: rows against blobs (present, sized, hashing to their name), UIDs and mod-sequences against their folders, references. Exit 1 if anything is wrong.") { json };
        check.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            // Checking must not create: an embedded store that is not there is a mistake in the path.
            var location = StoreOptions.Resolve(parseResult);
            if (location.DataDirectory is { } directory && !File.Exists(Path.Combine(directory, SqliteMailStore.DatabaseFileName)))
            {
                throw new UsageException($"There is no store in {Path.GetFullPath(directory)}.");
            }

            await using var store = await StoreOpener.OpenAsync(location, cancellationToken);
            var result = await store.CheckAsync(cancellationToken);
            var counts = result.Counts;
            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(Json.Write(new { store = store.Description, result.IsSound, result.Counts, result.Problems, result.Notes }));
            }
            else
            {
                foreach (var line in result.Problems.Select(p => "problem: " + p).Concat(result.Notes.Select(n => "note: " + n)))
                {
                    await context.Out.WriteLineAsync(line);
                }

                await context.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{store.Description}: {counts.Bals} BALs, {counts.Folders} folders, {counts.Messages} messages, {counts.Blobs} blobs; {(result.IsSound ? "sound" : Problems(result.Problems.Count))}."));
            }

            if (!result.IsSound)
            {
                throw new CheckFailedException($"The store check found {Problems(result.Problems.Count)} in {store.Description}.");
            }
        }));

        return new Command("store", "Work on the store as a whole.") { check };
    }

    private static string Problems(int count) => count == 1 ? "1 problem" : $"{count.ToString(CultureInfo.InvariantCulture)} problems";
}
