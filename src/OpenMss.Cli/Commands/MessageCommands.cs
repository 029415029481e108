using System.CommandLine;
using OpenMss.Mime;
using OpenMss.Operator;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss message append</c>: put a message file into a BAL's folder (imports, tests).</summary>
internal static class MessageCommands
{
    public static Command Create(CliContext context) => new("message", "Work with messages.") { Append(context), Inspect(context) };

    private static Command Inspect(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The message, as an RFC 5322 file (.eml)." };
        var command = new Command("inspect", "Print as JSON what OpenMSS reads in a message: part tree, MSSanté headers, ENVELOPE, BODYSTRUCTURE, repairs.") { file };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var path = parseResult.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new UsageException($"There is no file {path.FullName}.");
            }

            if (path.Length > OperatorLimits.MaxMessageSize)
            {
                throw new StoreException(StoreError.TooLarge, $"{path.FullName} is larger than the {OperatorLimits.MaxMessageSize} bytes OpenMSS accepts for a message.");
            }

            var message = MimeParser.Parse(await File.ReadAllBytesAsync(path.FullName, cancellationToken));
            await context.Out.WriteLineAsync(Json.Write(MessageInspection.Of(message)));
        }));
        return command;
    }

    private static Command Append(CliContext context)
    {
        var address = new Argument<string>("address") { Description = "The BAL to put the message in." };
        var file = new Argument<FileInfo>("file") { Description = "The message, as an RFC 5322 file (.eml)." };
        var folder = new Option<string>("--folder") { Description = "The folder (default INBOX).", DefaultValueFactory = _ => "INBOX", HelpName = "NAME" };
        var seen = new Option<bool>("--seen") { Description = "Mark the message as read." };
        var command = new Command("append", "Store a message file in a folder of a BAL, durably, and print its UID.") { address, file, folder, seen };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, parseResult, cancellationToken, async (admin, store) =>
        {
            var bal = await admin.GetBalAsync(parseResult.GetRequiredValue(address), cancellationToken);
            var folderName = parseResult.GetRequiredValue(folder);
            var target = await store.Mailboxes.FindFolderAsync(bal.Id, folderName, cancellationToken)
                ?? throw new StoreException(StoreError.NotFound, $"The BAL {bal.Address} has no folder {folderName}.");
            var path = parseResult.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new UsageException($"There is no file {path.FullName}.");
            }

            await using var content = path.OpenRead();
            var result = await store.Mailboxes.AppendAsync(
                target.Id,
                content,
                FlagSet.Create(parseResult.GetValue(seen) ? MessageFlags.Seen : MessageFlags.None),
                context.Clock.GetUtcNow(),
                OperatorLimits.MaxMessageSize,
                cancellationToken);
            await context.Out.WriteLineAsync($"Appended to {folderName} of {bal.Address}: UID {result.Uid}, UIDVALIDITY {result.UidValidity}.");
        }));
        return command;
    }
}
