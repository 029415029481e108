using System.Data.Common;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Quota;
using OpenMss.Smtp.Server;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Submission;

/// <summary>Recipients that are BALs hosted here, as submission and the MTA both judge and deliver them.</summary>
public static class LocalRecipients
{
    /// <summary>
    /// For a recipient in <paramref name="domain"/>: Local (a BAL not deleted), MailboxFull (at its quota), Unknown,
    /// or Unavailable when the directory cannot be read; null when the domain is not hosted here (the caller's rules
    /// decide then). A BAL below its quota takes the message whole, even when it ends above (the size is not known
    /// at RCPT); the next one is refused.
    /// </summary>
    public static async Task<RecipientDecision?> DecideAsync(IMailStore store, BalQuotas quotas, string address, string? domain, CancellationToken cancellationToken)
    {
        try
        {
            if (domain is null || await store.Directory.FindDomainAsync(domain, cancellationToken) is null)
            {
                return null;
            }

            var normalized = BalAddress.Normalize(address, out _);
            var bal = normalized is null ? null : await store.Directory.FindBalAsync(normalized, cancellationToken);
            if (bal is null || bal.Status == BalStatus.Deleted)
            {
                return new RecipientDecision(RecipientKind.Unknown, address);
            }

            return (await quotas.GetAsync(bal, cancellationToken)).IsFull
                ? new RecipientDecision(RecipientKind.MailboxFull, bal.Address)
                : new RecipientDecision(RecipientKind.Local, bal.Address);
        }
        catch (Exception e) when (e is DbException or StoreException or IOException)
        {
            return new RecipientDecision(RecipientKind.Unavailable, address);
        }
    }

    /// <summary>The INBOX folders of local BALs, for a delivery; a BAL gone since RCPT fails the delivery (451, nothing kept).</summary>
    public static async Task<List<long>> InboxesAsync(IMailStore store, IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var inboxes = new List<long>();
        foreach (var address in addresses)
        {
            inboxes.Add(await InboxAsync(store, address, cancellationToken)
                ?? throw new StoreException(StoreError.NotFound, $"The BAL {address} no longer exists or has no INBOX."));
        }

        return inboxes;
    }

    /// <summary>The INBOX of one BAL, or null when it is no (longer a) BAL here.</summary>
    public static async Task<long?> InboxAsync(IMailStore store, string address, CancellationToken cancellationToken)
    {
        var bal = await store.Directory.FindBalAsync(address, cancellationToken);
        return bal is null ? null : (await store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", cancellationToken))?.Id;
    }
}
