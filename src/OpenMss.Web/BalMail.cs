using OpenMss.Lps;

namespace OpenMss.Web;

/// <summary>
/// A BAL's mail as the webmail reaches it: through the operator's PSC fronts, by the SDK, with the professional's
/// own PSC access token, so that every rule, audit line and indicator applies to it as to any LPS.
/// </summary>
internal sealed class BalMail(MailboxSessions sessions, WebmailSettings settings)
{
    /// <summary>The newest INBOX messages, newest first (at most a page).</summary>
    public Task<IReadOnlyList<MssMessageSummary>> LatestAsync(string address, BalType type, string accessToken, CancellationToken cancellationToken) =>
        sessions.RunAsync<IReadOnlyList<MssMessageSummary>>(address, type, accessToken, async mailbox =>
        {
            var listed = await mailbox.ListNewAsync(null, cancellationToken);
            return [.. listed.Messages.Reverse().Take(settings.PageSize)];
        }, cancellationToken);

    /// <summary>One INBOX message, whole (the SDK does not set \Seen: reading here leaves it to the professional).</summary>
    public Task<MimeKit.MimeMessage> ReadAsync(string address, BalType type, string accessToken, uint uid, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.GetMessageAsync(uid, null, cancellationToken), cancellationToken);

    /// <summary>Submits a message through the PSC submission front; returns its Message-ID.</summary>
    public Task<string> SendAsync(string address, BalType type, string accessToken, MimeKit.MimeMessage message, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.SendAsync(message, cancellationToken), cancellationToken);
}
