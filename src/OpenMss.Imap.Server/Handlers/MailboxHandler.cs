using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// CREATE, DELETE, SUBSCRIBE and UNSUBSCRIBE (RFC 3501 §6.3.3-7).
/// </summary>
internal static class MailboxHandler
{
    public static async Task HandleAsync(IImapContext session, long balId, MailboxCommand command)
    {
        var mailboxes = session.Front.Mailboxes;
        var name = command.Mailbox;
        switch (command.Verb)
        {
            case MailboxVerb.Create:
                // A trailing delimiter only says the name is meant to hold children (RFC 3501 §6.3.3).
                name = name.TrimEnd(Folder.HierarchyDelimiter);
                if (name == "INBOX" || await session.FolderAsync(name) is not null)
                {
                    await session.TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.AlreadyExists, $"The mailbox {name} already exists.");
                    return;
                }

                // Not subscribed: RFC 3501 leaves subscribing to the client (docs/imap.md).
                await mailboxes.CreateFolderAsync(balId, new NewFolder(name, Subscribed: false), session.Front.Stopping);
                break;
            case MailboxVerb.Delete:
                if (name == "INBOX")
                {
                    await session.TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Cannot, "INBOX cannot be deleted.");
                    return;
                }

                _ = await session.FolderAsync(name) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {name}.");
                await mailboxes.DeleteFolderAsync(balId, name, session.Front.Stopping);
                break;
            default:
                _ = await session.FolderAsync(name) ?? throw new StoreException(StoreError.NotFound, $"There is no mailbox {name}.");
                await mailboxes.SetSubscribedAsync(balId, name, command.Verb == MailboxVerb.Subscribe, session.Front.Stopping);
                break;
        }

        await session.OkAsync(command.Tag, $"{command.Name} completed.");
    }
}
