using OpenMss.Lps;

namespace OpenMss.Web;

/// <summary>
/// A BAL's mail as the webmail reaches it: through the operator's PSC fronts, by the SDK, with the professional's
/// own PSC access token, so that every rule, audit line and indicator applies to it as to any LPS.
/// </summary>
internal sealed class BalMail(MailboxSessions sessions, WebmailSettings settings)
{
    public Task<IReadOnlyList<MssFolder>> FoldersAsync(string address, BalType type, string accessToken, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.ListFoldersAsync(cancellationToken), cancellationToken);

    /// <summary>A page of a folder, newest first: one page's envelopes, whatever the folder's size.</summary>
    public Task<MssFolderPage> PageAsync(string address, BalType type, string accessToken, string folder, int page, string? search, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.ListFolderAsync(folder, page, settings.PageSize, search, cancellationToken), cancellationToken);

    /// <summary>One message, whole (the SDK does not set \Seen: reading here leaves it to the professional).</summary>
    public Task<MimeKit.MimeMessage> ReadAsync(string address, BalType type, string accessToken, string folder, uint uid, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.GetMessageAsync(folder, uid, cancellationToken), cancellationToken);

    public Task<bool> MoveAsync(string address, BalType type, string accessToken, string folder, uint uid, string target, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, async mailbox =>
        {
            await mailbox.MoveAsync(folder, uid, target, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>To the Trash, or for good from the Trash; true when removed for good.</summary>
    public Task<bool> DeleteAsync(string address, BalType type, string accessToken, string folder, uint uid, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.DeleteAsync(folder, uid, cancellationToken), cancellationToken);

    /// <summary>Submits a message through the PSC submission front; returns its Message-ID.</summary>
    public Task<string> SendAsync(string address, BalType type, string accessToken, MimeKit.MimeMessage message, CancellationToken cancellationToken) =>
        sessions.RunAsync(address, type, accessToken, mailbox => mailbox.SendAsync(message, cancellationToken), cancellationToken);
}
