using OpenMss.Imap.Protocol.Commands;
using OpenMss.Storage;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// STATUS (RFC 3501 §6.3.10).
/// </summary>
internal static class StatusHandler
{
    public static async Task HandleAsync(IImapContext session, StatusCommand status)
    {
        var folder = await session.FolderAsync(status.Mailbox) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {status.Mailbox}.");
        var counts = await session.Front.Mailboxes.GetStatusAsync(folder.Id, session.Front.Stopping);
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
        await session.WriteAsync($"* STATUS {MailboxNames.Quoted(folder.Name)} ({string.Join(' ', values)})\r\n");
        await session.OkAsync(status.Tag, "STATUS completed.");
    }
}
