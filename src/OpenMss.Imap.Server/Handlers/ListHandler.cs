using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// LIST and LSUB (RFC 3501 §6.3.8-9), with SPECIAL-USE (RFC 6154) and CHILDREN (RFC 3348) attributes.
/// </summary>
internal static class ListHandler
{
    public static async Task HandleAsync(IImapContext session, long balId, ListCommand list)
    {
        var verb = list.Subscribed ? "LSUB" : "LIST";
        if (list.Pattern.Length == 0)
        {
            // The hierarchy delimiter and root (RFC 3501 §6.3.8).
            await session.WriteAsync($"* {verb} (\\Noselect) \"{Folder.HierarchyDelimiter}\" \"\"\r\n");
            await session.OkAsync(list.Tag, $"{verb} completed.");
            return;
        }

        var folders = await session.Front.Mailboxes.ListFoldersAsync(balId, session.Front.Stopping);
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
            // RFC 3501 §6.3.9: LSUB with "%" lists an unsubscribed parent of a subscribed child that "%" does not
            // reach, as \Noselect, rather than nothing.
            var subscribedBelowOnly = list.Subscribed && folder is not { Subscribed: true } && list.Pattern.Contains('%', StringComparison.Ordinal)
                && folders.Any(f => f.Subscribed && f.Name.StartsWith(name + Folder.HierarchyDelimiter, StringComparison.Ordinal) && !pattern.IsMatch(f.Name));
            if ((list.Subscribed && folder is not { Subscribed: true } && !subscribedBelowOnly) || (list.SpecialUseOnly && folder is not { SpecialUse: not SpecialUse.None }))
            {
                continue;
            }

            var attributes = new List<string>();
            if (folder is null || subscribedBelowOnly)
            {
                attributes.Add("\\Noselect");
            }

            attributes.Add(names.Any(n => n.StartsWith(name + Folder.HierarchyDelimiter, StringComparison.Ordinal)) ? "\\HasChildren" : "\\HasNoChildren");
            if (folder is { SpecialUse: not SpecialUse.None } && !list.Subscribed)
            {
                attributes.Add("\\" + folder.SpecialUse);
            }

            await session.WriteAsync($"* {verb} ({string.Join(' ', attributes)}) \"{Folder.HierarchyDelimiter}\" {MailboxNames.Quoted(name)}\r\n");
        }

        await session.OkAsync(list.Tag, $"{verb} completed.");
    }
}
