using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// RENAME (RFC 3501 §6.3.5), with the folders below.
/// </summary>
internal static class RenameHandler
{
    public static async Task HandleAsync(IImapContext session, long balId, RenameCommand rename)
    {
        var source = await session.FolderAsync(rename.From) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {rename.From}.");
        if (rename.To == "INBOX" || await session.FolderAsync(rename.To) is not null)
        {
            await session.TaggedAsync(rename.Tag, ImapStatus.No, ResponseCode.AlreadyExists, $"The mailbox {rename.To} already exists.");
            return;
        }

        if (source.Name == "INBOX")
        {
            var target = await session.Front.Mailboxes.CreateFolderAsync(balId, new NewFolder(rename.To), session.Front.Stopping);
            await session.Front.Mailboxes.MoveAsync(source.Id, UidSet.All, target.Id, session.Front.Stopping);
        }
        else
        {
            await session.Front.Mailboxes.RenameFolderAsync(balId, source.Name, rename.To, session.Front.Stopping);
        }

        await session.OkAsync(rename.Tag, "RENAME completed.");
    }
}
