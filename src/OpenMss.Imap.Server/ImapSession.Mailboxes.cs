using OpenMss.Imap.Protocol.Responses;
using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server;

/// <summary>LIST, LSUB, STATUS, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE: the BAL's folders (RFC 3501 §6.3, RFC 6154, RFC 3348).</summary>
internal sealed partial class ImapSession
{
    private async Task ListAsync(ListCommand list)
    {
        var verb = list.Subscribed ? "LSUB" : "LIST";
        if (list.Pattern.Length == 0)
        {
            // The hierarchy delimiter and root (RFC 3501 §6.3.8).
            await WriteAsync($"* {verb} (\\Noselect) \"{Folder.HierarchyDelimiter}\" \"\"\r\n");
            await OkAsync(list.Tag, $"{verb} completed.");
            return;
        }

        var folders = await _front.Mailboxes.ListFoldersAsync(_balId!.Value, _front.Stopping);
        var byName = folders.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var names = new SortedSet<string>(folders.Select(f => f.Name), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            // Parents that exist only through their children are listed as \Noselect.
            var parts = folder.Name.Split(Folder.HierarchyDelimiter);
            for (var i = 1; i < parts.Length; i++)
            {
                names.Add(string.Join(Folder.HierarchyDelimiter, parts[..i]));
            }
        }

        var pattern = MailboxNames.Pattern(list.Reference, list.Pattern);
        foreach (var name in names.Where(n => pattern.IsMatch(n)))
        {
            var folder = byName.GetValueOrDefault(name);
            if ((list.Subscribed && folder is not { Subscribed: true }) || (list.SpecialUseOnly && folder is not { SpecialUse: not SpecialUse.None }))
            {
                continue;
            }

            var attributes = new List<string>();
            if (folder is null)
            {
                attributes.Add("\\Noselect");
            }

            attributes.Add(names.Any(n => n.StartsWith(name + Folder.HierarchyDelimiter, StringComparison.Ordinal)) ? "\\HasChildren" : "\\HasNoChildren");
            if (folder is { SpecialUse: not SpecialUse.None } && !list.Subscribed)
            {
                attributes.Add("\\" + folder.SpecialUse);
            }

            await WriteAsync($"* {verb} ({string.Join(' ', attributes)}) \"{Folder.HierarchyDelimiter}\" {MailboxNames.Quoted(name)}\r\n");
        }

        await OkAsync(list.Tag, $"{verb} completed.");
    }

    private async Task StatusAsync(StatusCommand status)
    {
        var folder = await FolderAsync(status.Mailbox) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {status.Mailbox}.");
        var counts = await _front.Mailboxes.GetStatusAsync(folder.Id, _front.Stopping);
        var values = status.Items.Select(item => item switch
        {
            "MESSAGES" => $"MESSAGES {counts.Messages}",
            "RECENT" => "RECENT 0",
            "UIDNEXT" => $"UIDNEXT {counts.UidNext}",
            "UIDVALIDITY" => $"UIDVALIDITY {counts.UidValidity}",
            "UNSEEN" => $"UNSEEN {counts.Unseen}",
            "SIZE" => $"SIZE {counts.Size}",
            _ => $"HIGHESTMODSEQ {counts.HighestModSeq}",
        });
        await WriteAsync($"* STATUS {MailboxNames.Quoted(folder.Name)} ({string.Join(' ', values)})\r\n");
        await OkAsync(status.Tag, "STATUS completed.");
    }

    private async Task MailboxAsync(MailboxCommand command)
    {
        var mailboxes = _front.Mailboxes;
        var name = command.Mailbox;
        switch (command.Verb)
        {
            case "CREATE":
                // A trailing delimiter only says the name is meant to hold children (RFC 3501 §6.3.3).
                name = name.TrimEnd(Folder.HierarchyDelimiter);
                if (name == "INBOX" || await FolderAsync(name) is not null)
                {
                    await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.AlreadyExists, $"The mailbox {name} already exists.");
                    return;
                }

                await mailboxes.CreateFolderAsync(_balId!.Value, new NewFolder(name), _front.Stopping);
                break;
            case "DELETE":
                if (name == "INBOX")
                {
                    await TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Cannot, "INBOX cannot be deleted.");
                    return;
                }

                _ = await FolderAsync(name) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {name}.");
                await mailboxes.DeleteFolderAsync(_balId!.Value, name, _front.Stopping);
                break;
            default:
                _ = await FolderAsync(name) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {name}.");
                await mailboxes.SetSubscribedAsync(_balId!.Value, name, command.Verb == "SUBSCRIBE", _front.Stopping);
                break;
        }

        await OkAsync(command.Tag, $"{command.Verb} completed.");
    }

    /// <summary>RENAME; renaming INBOX moves its messages to the new folder and leaves INBOX empty (RFC 3501 §6.3.5).</summary>
    private async Task RenameAsync(RenameCommand rename)
    {
        var source = await FolderAsync(rename.From) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {rename.From}.");
        if (rename.To == "INBOX" || await FolderAsync(rename.To) is not null)
        {
            await TaggedAsync(rename.Tag, ImapStatus.No, ResponseCode.AlreadyExists, $"The mailbox {rename.To} already exists.");
            return;
        }

        if (source.Name == "INBOX")
        {
            var target = await _front.Mailboxes.CreateFolderAsync(_balId!.Value, new NewFolder(rename.To), _front.Stopping);
            await _front.Mailboxes.MoveAsync(source.Id, UidSet.All, target.Id, _front.Stopping);
        }
        else
        {
            await _front.Mailboxes.RenameFolderAsync(_balId!.Value, source.Name, rename.To, _front.Stopping);
        }

        await OkAsync(rename.Tag, "RENAME completed.");
    }

    private Task<Folder?> FolderAsync(string name) => _front.Mailboxes.FindFolderAsync(_balId!.Value, name, _front.Stopping);
}
