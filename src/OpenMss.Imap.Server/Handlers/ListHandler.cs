using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// LIST and LSUB (RFC 3501 §6.3.8-9), with SPECIAL-USE (RFC 6154) and CHILDREN (RFC 3348) attributes; the extended
/// LIST (RFC 5258): several patterns, selection SUBSCRIBED and RECURSIVEMATCH (CHILDINFO), return SUBSCRIBED; and
/// LIST-STATUS (RFC 5819): a STATUS line after each selectable mailbox listed.
/// </summary>
internal static class ListHandler
{
    public static async Task HandleAsync(IImapContext session, long balId, ListCommand list)
    {
        var verb = list.Subscribed ? "LSUB" : "LIST";
        var extended = list.Extended;
        if (extended is null && list.Pattern.Length == 0)
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

        var patterns = list.Patterns.Where(p => p.Length > 0).Select(p => MailboxNames.Pattern(list.Reference, p)).ToList();
        bool Matches(string name) => patterns.Any(p => p.IsMatch(name));
        var selectSubscribed = list.Subscribed || extended?.SelectSubscribed == true;
        foreach (var name in names.Where(Matches))
        {
            var folder = byName.GetValueOrDefault(name);
            var subscribedBelow = folders.Any(f => f.Subscribed && f.Name.StartsWith(name + Folder.HierarchyDelimiter, StringComparison.Ordinal) && !Matches(f.Name));
            // RFC 3501 §6.3.9: LSUB with "%" lists an unsubscribed parent of a subscribed child that "%" does not
            // reach, as \Noselect, rather than nothing. RFC 5258 §3.5: RECURSIVEMATCH lists it with CHILDINFO.
            var subscribedBelowOnly = list.Subscribed && folder is not { Subscribed: true } && list.Pattern.Contains('%', StringComparison.Ordinal) && subscribedBelow;
            var childInfo = extended?.RecursiveMatch == true && subscribedBelow;
            if ((selectSubscribed && folder is not { Subscribed: true } && !subscribedBelowOnly && !childInfo) || (list.SpecialUseOnly && folder is not { SpecialUse: not SpecialUse.None }))
            {
                continue;
            }

            await session.WriteAsync($"* {verb} ({string.Join(' ', Attributes(list, folder, name, names, subscribedBelowOnly))}) \"{Folder.HierarchyDelimiter}\" {MailboxNames.Quoted(name, session.Enabled.Rev2)}" +
                (childInfo ? " (\"CHILDINFO\" (\"SUBSCRIBED\"))" : "") + "\r\n");
            if (extended?.Status is { } items && folder is not null)
            {
                await session.WriteAsync(await StatusHandler.LineAsync(session, folder, items));
            }
        }

        await session.OkAsync(list.Tag, $"{verb} completed.");
    }

    private static List<string> Attributes(ListCommand list, Folder? folder, string name, SortedSet<string> names, bool subscribedBelowOnly)
    {
        var attributes = new List<string>();
        if (folder is null && list.Extended is not null)
        {
            attributes.Add("\\NonExistent"); // RFC 5258 §3.4: implies \Noselect; a name that only its children make
        }
        else if (folder is null || subscribedBelowOnly)
        {
            attributes.Add("\\Noselect");
        }

        attributes.Add(names.Any(n => n.StartsWith(name + Folder.HierarchyDelimiter, StringComparison.Ordinal)) ? "\\HasChildren" : "\\HasNoChildren");
        if (folder is { SpecialUse: not SpecialUse.None } && !list.Subscribed)
        {
            attributes.Add("\\" + folder.SpecialUse);
        }

        if (list.Extended is { } extended && (extended.SelectSubscribed || extended.ReturnSubscribed) && folder is { Subscribed: true })
        {
            attributes.Add("\\Subscribed"); // RFC 5258 §3.4
        }

        return attributes;
    }
}
