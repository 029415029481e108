using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

/// <summary>MAIL, RCPT, DATA and BDAT: the envelope checked against MSSanté's rules, the content bounded, delivery durable before 250.</summary>
internal sealed partial class SmtpSession
{
    private async Task MailAsync(MailCommand mail)
    {
        if (IsMta)
        {
            if (await _front.Policy.CheckPeerAsync(mail.Path, _connection.ClientCertificate, _connection.ClientIntermediates, _front.Stopping) is { } refusal)
            {
                SmtpLog.PeerRefused(_front.Logger, _connection.ConnectionId, refusal.Code, refusal.Enhanced ?? "");
                await BadAsync(refusal);
                return;
            }
        }
        else if (!string.Equals(mail.Path, _identity, StringComparison.OrdinalIgnoreCase))
        {
            await BadAsync(new SmtpReply(553, "5.7.1", $"The sender must be the authenticated BAL <{_identity}>."));
            return;
        }

        if (mail.Size > _limits.MaxMessageSize)
        {
            await ReplyAsync(SmtpReplies.TooBig);
            return;
        }

        _transaction = new Transaction(IsMta ? mail.Path : _identity!, mail.Utf8, new MessageSpool(_limits.SpoolMemoryThreshold, _front.SpoolDirectory))
        {
            EnvId = mail.EnvId,
            Ret = mail.Ret,
        };
        await ReplyAsync(new SmtpReply(250, "2.1.0", "Sender OK."));
    }

    private async Task RcptAsync(RcptCommand rcpt)
    {
        var transaction = _transaction!;
        if (transaction.Recipients.Count >= _limits.MaxRecipients)
        {
            await ReplyAsync(new SmtpReply(452, "4.5.3", "Too many recipients."));
            return;
        }

        var decision = await _front.Policy.CheckRecipientAsync(rcpt.Path, _front.Stopping) with { Notify = rcpt.Notify, Orcpt = rcpt.Orcpt };
        switch (decision.Kind)
        {
            case RecipientKind.Local or RecipientKind.Remote:
                if (!transaction.Recipients.Any(r => string.Equals(r.Address, decision.Address, StringComparison.OrdinalIgnoreCase)))
                {
                    transaction.Recipients.Add(decision);
                }

                await ReplyAsync(new SmtpReply(250, "2.1.5", decision.Kind == RecipientKind.Local ? "Recipient OK." : "Recipient OK, queued for the MSSanté trust space."));
                break;
            case RecipientKind.Unknown:
                await BadAsync(new SmtpReply(550, "5.1.1", "No such BAL here."));
                break;
            case RecipientKind.OutsideTrustSpace:
                await BadAsync(new SmtpReply(550, "5.7.1", "Relaying denied: the domain is outside the MSSanté trust space."));
                break;
            case RecipientKind.MailboxFull:
                await ReplyAsync(new SmtpReply(552, "5.2.2", "The BAL is full: it is over its quota."));
                break;
            case RecipientKind.NotHostedHere:
                await BadAsync(new SmtpReply(550, "5.7.1", "Relaying denied: this MTA delivers only to BALs hosted here."));
                break;
            default:
                await ReplyAsync(new SmtpReply(451, "4.3.0", "Cannot check the recipient now: try again later."));
                break;
        }
    }

    private async Task DataAsync()
    {
        var transaction = _transaction!;
        await ReplyAsync(new SmtpReply(354, null, "Start mail input; end with <CRLF>.<CRLF>"), flush: true);
        var reader = new MessageContentReader(_limits.MaxMessageSize, transaction.Spool);
        var status = await ReadDataAsync(reader);
        _transcript?.ClientContent(reader.Size);
        if (status != ReadStatus.Line)
        {
            // Nothing was acknowledged and nothing is kept: the spool goes with the transaction.
            ResetTransaction();
            await CloseAsync(status == ReadStatus.Stopping ? SmtpReplies.ShuttingDown : new SmtpReply(421, "4.4.2", "Timeout or disconnection during DATA."));
            return;
        }

        await FinishAsync(reader);
    }

    private async Task BdatAsync(BdatCommand bdat)
    {
        var transaction = _transaction!;
        transaction.Chunks ??= new MessageContentReader(_limits.MaxMessageSize, transaction.Spool);
        var sizeBefore = transaction.Chunks.Size;
        var status = await ReadChunkAsync(transaction.Chunks, bdat.Size);
        _transcript?.ClientContent(transaction.Chunks.Size - sizeBefore);
        if (status != ReadStatus.Line)
        {
            ResetTransaction();
            await CloseAsync(status == ReadStatus.Stopping ? SmtpReplies.ShuttingDown : new SmtpReply(421, "4.4.2", "Timeout or disconnection during BDAT."));
            return;
        }

        if (transaction.Chunks.TooLarge)
        {
            // Refused at once; later chunks of this message find no transaction and are read and dropped.
            ResetTransaction();
            await ReplyAsync(SmtpReplies.TooBig);
            return;
        }

        if (!bdat.Last)
        {
            await ReplyAsync(new SmtpReply(250, "2.0.0", $"{bdat.Size} octets received."));
            return;
        }

        transaction.Chunks.EndChunks();
        await FinishAsync(transaction.Chunks);
    }

    /// <summary>The content is complete: refuse what is malformed, else make it durable, then (only then) 250.</summary>
    private async Task FinishAsync(MessageContentReader reader)
    {
        var transaction = _transaction!;
        var refusal = reader.TooLarge ? SmtpReplies.TooBig
            : reader.BareLineEnd ? new SmtpReply(554, "5.6.0", "Message refused: bare CR or LF line endings (lines end with CRLF, RFC 5322 §2.3).")
            : reader.HasNul ? new SmtpReply(554, "5.6.0", "Message refused: it contains NUL bytes.")
            : null;
        if (refusal is not null)
        {
            ResetTransaction();
            await ReplyAsync(refusal);
            return;
        }

        var mailId = Guid.CreateVersion7().ToString("N");
        var now = _front.Clock.GetUtcNow();
        HeaderFacts facts;
        using (var content = transaction.Spool.OpenRead())
        {
            facts = SubmissionHeaders.Scan(content);
        }

        if (!IsMta && facts.From.Count > 0 && _front.Policy.AuthorProblem(transaction.Sender, facts.From) is { } author)
        {
            ResetTransaction();
            await ReplyAsync(new SmtpReply(550, "5.7.1", author));
            return;
        }

        if (facts.Received >= _limits.MaxReceivedHeaders)
        {
            // RFC 5321 §6.3: a message that went through too many hops is in a loop.
            ResetTransaction();
            await ReplyAsync(new SmtpReply(554, "5.4.6", $"Routing loop detected: {facts.Received} Received header fields."));
            return;
        }

        var prefix = IsMta
            ? SubmissionHeaders.RelayPrefix(_front.HostName, _clientName!, _connection.RemoteAddress, _connection.TlsProtocol, _connection.CipherSuite?.ToString(), mailId, transaction.Recipients, now)
            : SubmissionHeaders.Prefix(facts, transaction.Sender, _front.HostName, _clientName!, _connection.RemoteAddress, _connection.TlsProtocol, _connection.CipherSuite?.ToString(), mailId, now);

        var message = new SubmittedMessage(mailId, transaction.Sender, [.. transaction.Recipients], now, _connection.RemoteAddress,
            () => new PrefixedStream(prefix, transaction.Spool.OpenRead()))
        {
            EnvId = transaction.EnvId,
            Ret = transaction.Ret,
        };
        try
        {
            await _front.Policy.DeliverAsync(message, _front.Stopping);
        }
#pragma warning disable CA1031 // Whatever failed, the client must hear 451 and nothing was acknowledged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SmtpLog.DeliveryFailed(_front.Logger, _connection.ConnectionId, mailId, e);
            ResetTransaction();
            await ReplyAsync(SmtpReplies.LocalError);
            return;
        }

        SmtpLog.Delivered(_front.Logger, _connection.ConnectionId, mailId, transaction.Spool.Length + prefix.Length, message.Recipients.Count);
        ResetTransaction();
        await ReplyAsync(new SmtpReply(250, "2.0.0", $"OK: queued as {mailId}."));
    }
}
