using System.Data.Common;
using OpenMss.Mime;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Mssante;
using OpenMss.Operator.Telemetry;
using OpenMss.Smtp.Server;
using OpenMss.Storage;
using OpenMss.Storage.Model;

using OpenMss.Operator.Quota;

namespace OpenMss.Operator.Submission;

/// <summary>
/// MSSanté's rules for submitted mail: a recipient is a BAL hosted here (not deleted), or in another domain of the
/// trust space (queued), or refused (mail never leaves the trust space). Delivery writes the message once, a copy
/// per local INBOX, the queue entries and an indicator row per recipient, in one durable transaction.
/// </summary>
public sealed class SubmissionPolicy(IMailStore store, BalQuotas quotas, TrustSpace trustSpace, long maxMessageSize) : ISubmissionPolicy
{
    /// <summary>Room for the headers the server adds on top of the client's content.</summary>
    private const long AddedHeadersAllowance = 64 * 1024;

    /// <summary>How much of the header block is read for the MSSanté headers.</summary>
    private const int HeaderScanLimit = 256 * 1024;

    public async Task<RecipientDecision> CheckRecipientAsync(string address, CancellationToken cancellationToken)
    {
        var at = address.LastIndexOf('@');
        var domain = at < 0 ? "" : address[(at + 1)..].ToLowerInvariant();
        if (await LocalRecipients.DecideAsync(store, quotas, address, domain.Length > 0 ? domain : null, cancellationToken) is { } local)
        {
            return local;
        }

        return domain.Length > 0 && trustSpace.Contains(domain)
            ? new RecipientDecision(RecipientKind.Remote, address[..at] + "@" + domain)
            : new RecipientDecision(RecipientKind.OutsideTrustSpace, address);
    }

    public string? AuthorProblem(string sender, IReadOnlyList<string> fromFields) => SubmissionAuthor.Problem(sender, fromFields);

    public async Task DeliverAsync(SubmittedMessage message, CancellationToken cancellationToken)
    {
        using var activity = OperatorTelemetry.Source.StartActivity("store submission");
        var inboxes = await LocalRecipients.InboxesAsync(store, message.Recipients.Where(r => r.Kind == RecipientKind.Local).Select(r => r.Address), cancellationToken);

        IndicatorValues indicators;
        await using (var head = message.OpenContent())
        {
            indicators = await ReadIndicatorsAsync(head, cancellationToken);
        }

        var submission = new OpenMss.Storage.Model.Submission(
            message.MailId,
            message.Sender,
            message.ReceivedAt,
            inboxes,
            [.. message.Recipients.Where(r => r.Kind == RecipientKind.Remote).Select(r => new RemoteRecipient(r.Address, r.Notify, r.Orcpt))],
            [.. message.Recipients.Select(r => new IndicatorFields(r.Address, indicators.Ins, indicators.CodeCda, indicators.Nil, indicators.AnomalyText))])
        {
            Dsn = new DsnEnvelope(message.EnvId, message.Ret),
            TraceParent = activity?.Id,
        };
        await using var content = message.OpenContent();
        await store.Submissions.SubmitAsync(submission, content, maxMessageSize + AddedHeadersAllowance, cancellationToken);
        OperatorTelemetry.Submissions.Add(1, OperatorTelemetry.Tag("source", "submission"));
    }

    /// <summary>The header block (bounded) parsed with the MIME engine, for the X-MSS-* fields.</summary>
    private static async Task<IndicatorValues> ReadIndicatorsAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[HeaderScanLimit];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        var end = HeaderBlockEnd(buffer.AsSpan(0, length));
        var parsed = MimeParser.Parse(buffer.AsMemory(0, end));
        return IndicatorValues.Read(parsed.Headers);
    }

    private static int HeaderBlockEnd(ReadOnlySpan<byte> bytes)
    {
        var blank = bytes.IndexOf("\r\n\r\n"u8);
        return blank < 0 ? bytes.Length : blank + 4;
    }
}
