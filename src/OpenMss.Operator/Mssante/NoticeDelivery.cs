using OpenMss.Operator.Identifiers;
using OpenMss.Storage;
using OpenMss.Storage.Model;

namespace OpenMss.Operator.Mssante;

/// <summary>
/// Delivers the operator's notices: to a BAL's INBOX, and to the configured contact address (a BAL hosted here gets
/// it in its INBOX, another address through the inter-operator queue), in one durable submission.
/// </summary>
public sealed class NoticeDelivery(IMailStore store, string? contactAddress, string? sender)
{
    /// <summary>A notice is a few kilobytes; the bound only guards the store's call.</summary>
    private const long MaxNoticeBytes = 64 * 1024;

    /// <summary>Sends to <paramref name="bal"/> (when it still exists) and the contact; false when there was no one to send to.</summary>
    public async Task<bool> SendAsync(string? bal, string domain, string subject, string body, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var recipients = new List<(string Address, long? InboxId)>();
        if (bal is not null && await InboxAsync(bal, cancellationToken) is { } own)
        {
            recipients.Add((bal, own));
        }

        if (contactAddress is { Length: > 0 })
        {
            var contact = BalAddress.Normalize(contactAddress, out var problem) ?? throw new ArgumentException($"The notices' contact address: {problem}");
            recipients.Add((contact, await InboxAsync(contact, cancellationToken)));
        }

        if (recipients.Count == 0)
        {
            return false;
        }

        var id = $"notice-{Guid.NewGuid():N}";
        var from = sender is { Length: > 0 } ? sender : "postmaster@" + domain;
        var message = OperatorNotice.Build(from, [.. recipients.Select(r => r.Address)], subject, body, at, $"{id}@{BalAddress.DomainOf(from)}");
        var submission = new Storage.Model.Submission(
            id, from, at, [.. recipients.Where(r => r.InboxId is not null).Select(r => r.InboxId!.Value)],
            [.. recipients.Where(r => r.InboxId is null).Select(r => new RemoteRecipient(r.Address))], Indicators: []);
        await store.Submissions.SubmitAsync(submission, new MemoryStream(message), MaxNoticeBytes, cancellationToken);
        return true;
    }

    private async Task<long?> InboxAsync(string address, CancellationToken cancellationToken)
    {
        var found = await store.Directory.FindBalAsync(address, cancellationToken);
        return found is null ? null : (await store.Mailboxes.FindFolderAsync(found.Id, "INBOX", cancellationToken))?.Id;
    }
}
