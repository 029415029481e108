using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// STATUS (RFC 3501 §6.3.10), and the STATUS lines of an extended LIST (RFC 5819).
/// </summary>
internal static class StatusHandler
{
    public static async Task HandleAsync(IImapContext session, StatusCommand status)
    {
        if (session.Enabled.Rev2 && status.Items.Contains(StatusItem.Recent))
        {
            await session.BadAsync(status.Tag, null, "RECENT is not an IMAP4rev2 status item (RFC 9051 Appendix E).");
            return;
        }

        var folder = await session.FolderAsync(status.Mailbox) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {status.Mailbox}.");
        await session.WriteAsync(await LineAsync(session, folder, status.Items));
        await session.OkAsync(status.Tag, "STATUS completed.");
    }

    /// <summary><c>* STATUS name (item value ...)</c> for a folder.</summary>
    public static async Task<string> LineAsync(IImapContext session, Folder folder, IReadOnlyList<StatusItem> items)
    {
        var counts = await session.Front.Mailboxes.GetStatusAsync(folder.Id, session.Front.Stopping);
        if (items.Contains(StatusItem.HighestModSeq))
        {
            session.Enabled.EnableCondStore(); // RFC 7162 §3.1: a CONDSTORE enabling command
        }

        var values = items.Select(item => $"{ImapNames.Text(item)} {Value(item, counts)}");
        return $"* STATUS {MailboxNames.Quoted(folder.Name, session.Enabled.Rev2)} ({string.Join(' ', values)})\r\n";
    }

    private static ulong Value(StatusItem item, FolderStatus counts) => item switch
    {
        StatusItem.Messages => (ulong)counts.Messages,
        StatusItem.Recent => counts.Recent,
        StatusItem.UidNext => counts.UidNext,
        StatusItem.UidValidity => counts.UidValidity,
        StatusItem.Unseen => (ulong)counts.Unseen,
        StatusItem.Size => (ulong)counts.Size,
        StatusItem.Deleted => counts.Deleted,
        StatusItem.DeletedStorage => (ulong)QuotaHandler.Kibibytes(counts.DeletedSize),
        _ => counts.HighestModSeq,
    };
}
