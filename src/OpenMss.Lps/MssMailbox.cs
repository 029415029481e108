using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MimeKit;
using OpenMss.Lps.Autoconfiguration;
using OpenMss.Lps.Sessions;

namespace OpenMss.Lps;

/// <summary>
/// One BAL as the application sees it: send, list new messages, download, mark processed, wait for mail. Its IMAP
/// and submission sessions open on first use and stay open; when the operator ends one (end of its lifetime, 421, a
/// dropped connection) the next operation reopens it with a fresh token without the caller seeing an error
/// (ECO.1.2.7). Failures the application must act on are <see cref="MssException"/>s. Operations may be called
/// from several threads; those of one protocol run one at a time.
/// </summary>
public sealed partial class MssMailbox : IAsyncDisposable
{
    private readonly MailboxContext _context;
    private readonly ProtocolSession<ImapClient> _imap;
    private readonly ProtocolSession<SmtpClient> _submission;
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private MssEndpoints? _endpoints;

    internal MssMailbox(MailboxContext context, MssEndpoints? endpoints)
    {
        _context = context;
        _endpoints = endpoints;
        _imap = new ProtocolSession<ImapClient>(context, MailProtocol.Imap, logger => new MssMailClients.Imap(logger), async ct => (await EndpointsAsync(ct).ConfigureAwait(false)).Imap);
        _submission = new ProtocolSession<SmtpClient>(context, MailProtocol.Submission, logger => new MssMailClients.Smtp(logger), async ct => (await EndpointsAsync(ct).ConfigureAwait(false)).Submission);
        if (context.Tokens is { } tokens)
        {
            tokens.SessionEnded += OnPscSessionEnded;
        }
    }

    /// <summary>The BAL's address.</summary>
    public string Address => _context.Address;

    /// <summary>The BAL's type.</summary>
    public BalType Type => _context.Type;

    /// <summary>True while an IMAP session is open.</summary>
    public bool ImapIsOpen => _imap.IsOpen;

    /// <summary>True while a submission session is open.</summary>
    public bool SubmissionIsOpen => _submission.IsOpen;

    /// <summary>How many times a session was reopened after the operator ended it or the connection dropped.</summary>
    public int Reopenings => _imap.Reopenings + _submission.Reopenings;

    /// <summary>
    /// Sends <paramref name="message"/> from this BAL: From and the envelope sender are the BAL, X-MSS-NIL, Date and
    /// Message-ID are added, and a message over the operator's SIZE is refused before upload. Returns the Message-ID.
    /// If the connection drops after the content was sent and before the operator's answer, the message is sent
    /// again on a fresh session with the same Message-ID, by which recipients recognise a duplicate.
    /// </summary>
    public Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        MessagePreparation.Prepare(message, _context.Address, _context.Options.Nil, _context.Options.Time.GetUtcNow());
        var size = MessagePreparation.Measure(message);
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).ToList();
        if (recipients.Count == 0)
        {
            throw new ArgumentException("The message has no recipient (To, Cc or Bcc).", nameof(message));
        }

        if (size >= Mes.MssPatients.MaxMessageBytes && recipients.Any(r => Mes.MssPatients.IsPatientAddress(r.Address, _context.Options.PatientDomains)))
        {
            // Spec §8: Mon espace santé takes messages under 25 MB; beyond, the patient would get nothing and the sender a bounce.
            throw new MssRefusedException($"The message is {size} bytes and Mon espace santé accepts less than {Mes.MssPatients.MaxMessageBytes} bytes; it was not sent.", "MES-SIZE");
        }

        return _submission.RunAsync(async (client, token) =>
        {
            if (client.MaxSize > 0 && size > client.MaxSize)
            {
                throw new MssRefusedException($"The message is {size} bytes and the operator of {Address} accepts at most {client.MaxSize} (SIZE); it was not sent.", "SIZE");
            }

            await client.SendAsync(message, new MailboxAddress(null, _context.Address), recipients, token).ConfigureAwait(false);
            return message.MessageId!;
        }, cancellationToken);
    }

    /// <summary>
    /// The INBOX messages after <paramref name="since"/> (at most <see cref="MssClientOptions.MaxListed"/>), oldest
    /// first, and the cursor to keep. When the session had to select the INBOX and its HIGHESTMODSEQ is the cursor's,
    /// nothing changed since: the SELECT is the only command (RFC 7162 §3.1.2.1).
    /// </summary>
    public Task<MssNewMessages> ListNewAsync(MssCursor? since = null, CancellationToken cancellationToken = default)
    {
        var from = since ?? MssCursor.Start;
        return _imap.RunAsync(async (client, token) =>
        {
            var selected = !client.Inbox.IsOpen || client.Inbox.Access != FolderAccess.ReadWrite;
            var inbox = await InboxAsync(client, token, sync: true).ConfigureAwait(false);
            var validity = inbox.UidValidity;
            var changed = from.UidValidity != 0 && from.UidValidity != validity;
            // A HIGHESTMODSEQ is fresh only from a SELECT: an open folder's is not updated by new mail (EXISTS).
            var modSeq = selected && client.Capabilities.HasFlag(ImapCapabilities.CondStore) ? inbox.HighestModSeq : 0;
            if (!changed && modSeq != 0 && modSeq == from.HighestModSeq)
            {
                return new MssNewMessages([], from, false);
            }

            var last = changed ? 0 : from.LastUid;
            if (inbox.Count == 0 || last == uint.MaxValue)
            {
                return new MssNewMessages([], new MssCursor(validity, last, modSeq), changed);
            }

            var found = await inbox.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, last + 1), UniqueId.MaxValue)), token).ConfigureAwait(false);
            var uids = found.Where(u => u.Id > last).OrderBy(u => u.Id).Take(_context.Options.MaxListed).ToList();
            if (uids.Count == 0)
            {
                return new MssNewMessages([], new MssCursor(validity, last, modSeq), changed);
            }

            var summaries = await inbox.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.Size, token).ConfigureAwait(false);
            var messages = summaries.OrderBy(s => s.UniqueId.Id)
                .Select(s => new MssMessageSummary(s.UniqueId.Id, s.Envelope?.MessageId, s.Envelope?.From.Mailboxes.FirstOrDefault()?.Address, s.Envelope?.Subject, s.Envelope?.Date, s.Size ?? 0))
                .ToList();
            var complete = found.Count(u => u.Id > last) == uids.Count; // a page cut at MaxListed leaves more to list
            return new MssNewMessages(messages, new MssCursor(validity, uids[uids.Count - 1].Id, complete ? modSeq : 0), changed);
        }, cancellationToken);
    }

    /// <summary>Downloads a message as MimeKit parses it (without setting \Seen).</summary>
    public Task<MimeMessage> GetMessageAsync(uint uid, MssCursor? cursor = null, CancellationToken cancellationToken = default) =>
        _imap.RunAsync(async (client, token) =>
        {
            var inbox = await InboxAsync(client, token, cursor).ConfigureAwait(false);
            return await inbox.GetMessageAsync(new UniqueId(uid), token).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Downloads a message's bytes exactly as stored (without setting \Seen).</summary>
    public Task<byte[]> GetRawAsync(uint uid, MssCursor? cursor = null, CancellationToken cancellationToken = default) =>
        _imap.RunAsync(async (client, token) =>
        {
            var inbox = await InboxAsync(client, token, cursor).ConfigureAwait(false);
            using var stream = await inbox.GetStreamAsync(new UniqueId(uid), token).ConfigureAwait(false);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, 81920, token).ConfigureAwait(false);
            return copy.ToArray();
        }, cancellationToken);

    /// <summary>Marks a message processed (\Seen) and, with <paramref name="delete"/>, removes it: the operators' terms forbid keeping BALs as storage.</summary>
    public Task MarkProcessedAsync(uint uid, bool delete, MssCursor? cursor = null, CancellationToken cancellationToken = default) =>
        _imap.RunAsync(async (client, token) =>
        {
            var inbox = await InboxAsync(client, token, cursor).ConfigureAwait(false);
            var id = new UniqueId(uid);
            await inbox.AddFlagsAsync(id, delete ? MessageFlags.Seen | MessageFlags.Deleted : MessageFlags.Seen, true, token).ConfigureAwait(false);
            if (delete)
            {
                await inbox.ExpungeAsync([id], token).ConfigureAwait(false); // UID EXPUNGE: only this message (RFC 4315)
            }

            return true;
        }, cancellationToken);

    /// <summary>Waits with IDLE (RFC 2177) until a message arrives in the INBOX or <paramref name="timeout"/> passes; true when one arrived. Sessions the operator ends meanwhile are reopened.</summary>
    public async Task<bool> WaitForNewMailAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = _context.Options.Time;
        var deadline = clock.GetUtcNow() + timeout;
        var baseline = new IdleBaseline();
        while (true)
        {
            var remaining = deadline - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            var slice = remaining < _context.Options.IdleRenewal ? remaining : _context.Options.IdleRenewal;
            var arrived = await _imap.RunAsync((client, token) => IdleAsync(client, slice, clock, baseline, token), cancellationToken).ConfigureAwait(false);
            if (arrived)
            {
                return true;
            }
        }
    }

    /// <summary>Logs out of both sessions; the mailbox can be used again afterwards.</summary>
    public async Task CloseAsync()
    {
        await _imap.CloseAsync().ConfigureAwait(false);
        await _submission.CloseAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_context.Tokens is { } tokens)
        {
            tokens.SessionEnded -= OnPscSessionEnded;
        }

        _imap.StopOperations();
        _submission.StopOperations();
        await CloseAsync().ConfigureAwait(false);
        _imap.Dispose();
        _submission.Dispose();
        _resolving.Dispose();
    }

    private void OnPscSessionEnded(object? sender, EventArgs e)
    {
        _imap.Abort();
        _submission.Abort();
    }

    private async Task<MssEndpoints> EndpointsAsync(CancellationToken cancellationToken)
    {
        if (_endpoints is { } known)
        {
            return known;
        }

        await _resolving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _endpoints ??= await _context.Dns.ResolveAsync(_context.Address, _context.Type, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _resolving.Release();
        }
    }

    /// <summary>The INBOX, selected; with <paramref name="sync"/>, an already selected one hears of new messages first (NOOP, RFC 3501 §6.1.2).</summary>
    private static async Task<IMailFolder> InboxAsync(ImapClient client, CancellationToken cancellationToken, MssCursor? cursor = null, bool sync = false)
    {
        var inbox = client.Inbox;
        if (!inbox.IsOpen || inbox.Access != FolderAccess.ReadWrite)
        {
            await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        }
        else if (sync)
        {
            await client.NoOpAsync(cancellationToken).ConfigureAwait(false);
        }

        if (cursor is { UidValidity: not 0 } && cursor.UidValidity != inbox.UidValidity)
        {
            throw new MssRefusedException($"The INBOX's UIDVALIDITY changed from {cursor.UidValidity} to {inbox.UidValidity}: its UIDs were renumbered; list the new messages again.", "UIDVALIDITY");
        }

        return inbox;
    }

    /// <summary>
    /// The INBOX's UIDVALIDITY and UIDNEXT when a wait began: a message that arrives while a session is being reopened
    /// is not an EXISTS of the next session, but it moved UIDNEXT (RFC 3501 §2.3.1.1).
    /// </summary>
    private sealed class IdleBaseline
    {
        public uint? Validity { get; set; }

        public uint? Next { get; set; }
    }

    private static async Task<bool> IdleAsync(ImapClient client, TimeSpan slice, TimeProvider clock, IdleBaseline baseline, CancellationToken cancellationToken)
    {
        var inbox = await InboxAsync(client, cancellationToken).ConfigureAwait(false);
        if (inbox.UidNext is { } next)
        {
            if (baseline.Next is null || baseline.Validity != inbox.UidValidity)
            {
                (baseline.Validity, baseline.Next) = (inbox.UidValidity, next.Id);
            }
            else if (next.Id > baseline.Next)
            {
                return true; // arrived between two sessions
            }
        }

        var before = inbox.Count;
        using var done = Delays.After(clock, slice);
        void OnCountChanged(object? sender, EventArgs e)
        {
            if (inbox.Count > before)
            {
                done.Cancel();
            }
        }

        inbox.CountChanged += OnCountChanged;
        try
        {
            if ((client.Capabilities & ImapCapabilities.Idle) != 0)
            {
                await client.IdleAsync(done.Token, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await inbox.CheckAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            inbox.CountChanged -= OnCountChanged;
        }

        if (!client.IsConnected)
        {
            throw new ServiceNotConnectedException("The operator ended the session during IDLE.");
        }

        return inbox.Count > before;
    }
}
