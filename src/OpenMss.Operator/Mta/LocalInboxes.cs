using OpenMss.Storage;

namespace OpenMss.Operator.Mta;

/// <summary>The INBOX folders of local BALs, for a delivery; a BAL gone since RCPT fails the delivery (451, nothing kept).</summary>
public static class LocalInboxes
{
    public static async Task<List<long>> ResolveAsync(IMailStore store, IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var inboxes = new List<long>();
        foreach (var address in addresses)
        {
            var bal = await store.Directory.FindBalAsync(address, cancellationToken)
                ?? throw new StoreException(StoreError.NotFound, $"The BAL {address} no longer exists.");
            var inbox = await store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", cancellationToken)
                ?? throw new StoreException(StoreError.NotFound, $"The BAL {address} has no INBOX.");
            inboxes.Add(inbox.Id);
        }

        return inboxes;
    }

    /// <summary>The INBOX of one BAL, or null when it is no (longer a) BAL here.</summary>
    public static async Task<long?> TryResolveAsync(IMailStore store, string address, CancellationToken cancellationToken)
    {
        var bal = await store.Directory.FindBalAsync(address, cancellationToken);
        return bal is null ? null : (await store.Mailboxes.FindFolderAsync(bal.Id, "INBOX", cancellationToken))?.Id;
    }
}
