using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;
using OpenMss.Storage.Model;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// APPEND, with APPENDUID (RFC 4315); the message is durable before OK.
/// </summary>
internal static class AppendHandler
{
    public static async Task HandleAsync(IImapContext session, AppendCommand append)
    {
        var target = await session.FolderAsync(append.Mailbox);
        if (target is null)
        {
            await session.TaggedAsync(append.Tag, ImapStatus.No, ResponseCode.TryCreate, $"There is no mailbox {append.Mailbox}.");
            return;
        }

        if (await QuotaHandler.RefusedAsync(session, append.Tag, target.BalId, append.Message.Length, 1))
        {
            return;
        }

        var result = await session.Front.Mailboxes.AppendAsync(
            target.Id,
            new MemoryStream(append.Message, writable: false),
            ImapFlags.Parse(append.Flags),
            append.Date ?? session.Front.Clock.GetUtcNow(),
            session.Front.Limits.Grammar.MaxAppendLiteral,
            session.Front.Stopping);
        if (session.State is SelectedState { Mailbox: var selected } && selected.Folder.Id == target.Id)
        {
            await session.SyncAsync(allowExpunge: false);
        }

        await session.OkAsync(append.Tag, "APPEND completed.", ResponseCode.AppendUid, $"{result.UidValidity} {result.Uid}");
    }
}
