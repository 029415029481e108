using OpenMss.Lps;

namespace OpenMss.Web;

/// <summary>
/// A BAL's mail as the webmail reaches it: through the operator's PSC fronts, by the SDK, with the professional's
/// own PSC access token, so that every rule, audit line and indicator applies to it as to any LPS.
/// </summary>
internal sealed class BalMail(MssClient client, WebmailSettings settings)
{
    /// <summary>The newest INBOX messages, newest first (at most a page).</summary>
    public async Task<IReadOnlyList<MssMessageSummary>> LatestAsync(string address, BalType type, string accessToken, CancellationToken cancellationToken)
    {
        await using var mailbox = Open(address, type, accessToken);
        var listed = await mailbox.ListNewAsync(null, cancellationToken);
        return [.. listed.Messages.Reverse().Take(settings.PageSize)];
    }

    /// <summary>One INBOX message, whole (the SDK does not set \Seen: reading here leaves it to the professional).</summary>
    public async Task<MimeKit.MimeMessage> ReadAsync(string address, BalType type, string accessToken, uint uid, CancellationToken cancellationToken)
    {
        await using var mailbox = Open(address, type, accessToken);
        return await mailbox.GetMessageAsync(uid, null, cancellationToken);
    }

    /// <summary>Submits a message through the PSC submission front; returns its Message-ID.</summary>
    public async Task<string> SendAsync(string address, BalType type, string accessToken, MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        await using var mailbox = Open(address, type, accessToken);
        return await mailbox.SendAsync(message, cancellationToken);
    }

    private MssMailbox Open(string address, BalType type, string accessToken)
    {
        // The token the professional's login gave; a refused one ends in the SDK's typed error (a new login).
        var token = new PscAccessToken(accessToken, DateTimeOffset.MaxValue);
        return client.OpenPsc(address, type, PscTokenSource.Create((_, _) => Task.FromResult(token)), settings.Fronts);
    }
}
