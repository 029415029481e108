using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace OpenMss.Lps;

/// <summary>
/// Beyond the INBOX: what a mail client (the webmail) needs of every folder. A page is fetched by sequence numbers,
/// newest first, so a folder of any size costs one page's envelopes; a search asks the server for UIDs only.
/// </summary>
public sealed partial class MssMailbox
{
    private const MessageSummaryItems PageItems = MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.Size;

    /// <summary>The BAL's folders with their counts (LIST-STATUS where the server has it, RFC 5819).</summary>
    public Task<IReadOnlyList<MssFolder>> ListFoldersAsync(CancellationToken cancellationToken = default) =>
        _imap.RunAsync<IReadOnlyList<MssFolder>>(async (client, token) =>
        {
            var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], StatusItems.Count | StatusItems.Unread, subscribedOnly: false, token).ConfigureAwait(false);
            return [.. folders.Where(f => !f.Attributes.HasFlag(FolderAttributes.NoSelect) && !f.Attributes.HasFlag(FolderAttributes.NonExistent))
                .Select(f => new MssFolder(f.FullName, Role(f), f.Count, f.Unread))
                .OrderBy(f => f.Role == MssFolderRole.None ? 1 : 0).ThenBy(f => f.Role).ThenBy(f => f.Name, StringComparer.Ordinal)];
        }, cancellationToken);

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of <paramref name="folder"/>, newest first; with <paramref name="search"/>,
    /// only the messages whose subject, sender or text contains it.
    /// </summary>
    public Task<MssFolderPage> ListFolderAsync(string folder, int page, int pageSize, string? search = null, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize < 1)
        {
            throw new ArgumentOutOfRangeException(page < 1 ? nameof(page) : nameof(pageSize), "Pages are numbered from 1 and hold at least one message.");
        }

        return _imap.RunAsync(async (client, token) =>
        {
            var opened = await OpenAsync(client, folder, FolderAccess.ReadOnly, token).ConfigureAwait(false);
            IList<IMessageSummary> summaries;
            int total;
            if (string.IsNullOrWhiteSpace(search))
            {
                total = opened.Count;
                var last = total - 1 - (page - 1) * pageSize; // sequence indexes are 0-based and oldest first
                summaries = last < 0 ? [] : await opened.FetchAsync(Math.Max(0, last - pageSize + 1), last, PageItems, token).ConfigureAwait(false);
            }
            else
            {
                var text = search!.Trim();
                var found = await opened.SearchAsync(SearchQuery.SubjectContains(text).Or(SearchQuery.FromContains(text)).Or(SearchQuery.BodyContains(text)), token).ConfigureAwait(false);
                total = found.Count;
                var uids = found.OrderByDescending(u => u.Id).Skip((page - 1) * pageSize).Take(pageSize).ToList();
                summaries = uids.Count == 0 ? [] : await opened.FetchAsync(uids, PageItems, token).ConfigureAwait(false);
            }

            var messages = summaries.OrderByDescending(s => s.UniqueId.Id)
                .Select(s => new MssMessageSummary(s.UniqueId.Id, s.Envelope?.MessageId, s.Envelope?.From.Mailboxes.FirstOrDefault()?.Address, s.Envelope?.Subject, s.Envelope?.Date, s.Size ?? 0))
                .ToList();
            return new MssFolderPage(messages, total, page, pageSize);
        }, cancellationToken);
    }

    /// <summary>Downloads a message of <paramref name="folder"/> (without setting \Seen).</summary>
    public Task<MimeMessage> GetMessageAsync(string folder, uint uid, CancellationToken cancellationToken = default) =>
        _imap.RunAsync(async (client, token) =>
        {
            var opened = await OpenAsync(client, folder, FolderAccess.ReadOnly, token).ConfigureAwait(false);
            try
            {
                return await opened.GetMessageAsync(new UniqueId(uid), token).ConfigureAwait(false);
            }
            catch (MessageNotFoundException e)
            {
                throw new MssRefusedException($"There is no message {uid} in '{folder}': it was moved or deleted.", "UID", e);
            }
        }, cancellationToken);

    /// <summary>Moves a message to another folder (MOVE, RFC 6851).</summary>
    public Task MoveAsync(string folder, uint uid, string target, CancellationToken cancellationToken = default) =>
        _imap.RunAsync(async (client, token) =>
        {
            var destination = await client.GetFolderAsync(target, token).ConfigureAwait(false);
            var opened = await OpenAsync(client, folder, FolderAccess.ReadWrite, token).ConfigureAwait(false);
            await opened.MoveToAsync(new UniqueId(uid), destination, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Deletes a message: to the Trash folder (RFC 6154 \Trash) when it is elsewhere, for good (UID EXPUNGE, RFC 4315)
    /// when it is already there or the BAL has none. Returns true when it was removed for good.
    /// </summary>
    public Task<bool> DeleteAsync(string folder, uint uid, CancellationToken cancellationToken = default) =>
        _imap.RunAsync(async (client, token) =>
        {
            var trash = client.Capabilities.HasFlag(ImapCapabilities.SpecialUse) ? client.GetFolder(SpecialFolder.Trash) : null;
            var opened = await OpenAsync(client, folder, FolderAccess.ReadWrite, token).ConfigureAwait(false);
            var id = new UniqueId(uid);
            if (trash is not null && !string.Equals(trash.FullName, opened.FullName, StringComparison.Ordinal))
            {
                await opened.MoveToAsync(id, trash, token).ConfigureAwait(false);
                return false;
            }

            await opened.AddFlagsAsync(id, MessageFlags.Deleted, true, token).ConfigureAwait(false);
            await opened.ExpungeAsync([id], token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static async Task<IMailFolder> OpenAsync(ImapClient client, string name, FolderAccess access, CancellationToken cancellationToken)
    {
        IMailFolder folder;
        try
        {
            folder = string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            throw new MssRefusedException($"The BAL has no folder '{name}'.", "FOLDER");
        }

        if (!folder.IsOpen || folder.Access < access)
        {
            await folder.OpenAsync(access, cancellationToken).ConfigureAwait(false);
        }

        return folder;
    }

    private static MssFolderRole Role(IMailFolder folder) =>
        string.Equals(folder.FullName, "INBOX", StringComparison.OrdinalIgnoreCase) ? MssFolderRole.Inbox
        : folder.Attributes.HasFlag(FolderAttributes.Sent) ? MssFolderRole.Sent
        : folder.Attributes.HasFlag(FolderAttributes.Drafts) ? MssFolderRole.Drafts
        : folder.Attributes.HasFlag(FolderAttributes.Trash) ? MssFolderRole.Trash
        : folder.Attributes.HasFlag(FolderAttributes.Junk) ? MssFolderRole.Junk
        : folder.Attributes.HasFlag(FolderAttributes.Archive) ? MssFolderRole.Archive
        : MssFolderRole.None;
}
