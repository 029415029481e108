using OpenMss.Imap.Protocol.Commands;
using OpenMss.Imap.Protocol.Responses;

namespace OpenMss.Imap.Server.Handlers;

/// <summary>
/// GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208 §4.2–4.4). Each BAL has one quota root, <see cref="Root"/>, over
/// all its folders, with the STORAGE and MESSAGE resources that have a limit. Limits are the operator's: SETQUOTA is
/// refused (QUOTASET is not offered).
/// </summary>
internal static class QuotaHandler
{
    public const string Root = "BAL";

    public static async Task HandleAsync(IImapContext session, long balId, IQuotaPolicy quotas, QuotaCommand command)
    {
        if (command.Verb == QuotaVerb.SetQuota)
        {
            await session.TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.NoPerm, "Quotas are set by the operator's administrators.");
            return;
        }

        var state = await quotas.GetAsync(balId, session.Front.Stopping);
        if (command.Verb == QuotaVerb.GetQuotaRoot)
        {
            var folder = await session.FolderAsync(command.Argument);
            if (folder is null)
            {
                await session.TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Nonexistent, $"There is no mailbox {command.Argument}.");
                return;
            }

            // A BAL without limits has no quota root (RFC 9208 §4.3: the list may be empty).
            await session.WriteAsync($"* QUOTAROOT {MailboxNames.Quoted(folder.Name, session.Enabled.Rev2)}{(state.HasLimits ? " " + Root : "")}\r\n");
        }
        else if (command.Argument != Root || !state.HasLimits)
        {
            await session.TaggedAsync(command.Tag, ImapStatus.No, ResponseCode.Nonexistent, $"There is no quota root {command.Argument}.");
            return;
        }

        if (state.HasLimits)
        {
            await session.WriteAsync(Line(state));
        }

        await session.OkAsync(command.Tag, $"{command.Name} completed.");
    }

    /// <summary><c>* QUOTA BAL (STORAGE used limit MESSAGE used limit)</c>, storage in units of 1024 octets (RFC 9208 §5.1).</summary>
    private static string Line(QuotaState state)
    {
        var resources = new List<string>();
        if (state.StorageLimit > 0)
        {
            resources.Add($"STORAGE {Kibibytes(state.StorageUsed)} {state.StorageLimit / 1024}");
        }

        if (state.MessagesLimit > 0)
        {
            resources.Add($"MESSAGE {state.MessagesUsed} {state.MessagesLimit}");
        }

        return $"* QUOTA {Root} ({string.Join(' ', resources)})\r\n";
    }

    /// <summary>Octets in units of 1024, rounded up: a BAL holding anything shows it.</summary>
    public static long Kibibytes(long octets) => (octets + 1023) / 1024;

    /// <summary>Refuses with [OVERQUOTA] (RFC 9208 §4.3, RFC 5530) what would take the BAL over a limit; true when refused.</summary>
    public static async Task<bool> RefusedAsync(IImapContext session, string tag, long balId, long octets, long messages)
    {
        if (session.Front.Quotas is not { } quotas || (await quotas.GetAsync(balId, session.Front.Stopping)).Allows(octets, messages))
        {
            return false;
        }

        await session.TaggedAsync(tag, ImapStatus.No, ResponseCode.OverQuota, "The BAL is over its quota: delete or expunge messages first.");
        return true;
    }
}
