using System.Net;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Smtp.Protocol;

namespace OpenMss.Smtp.Server;

public enum RecipientKind
{
    /// <summary>A BAL hosted here: delivered to its INBOX.</summary>
    Local,

    /// <summary>Another domain of the MSSanté trust space: queued for the inter-operator MTA.</summary>
    Remote,

    /// <summary>A local domain without such a BAL (or a deleted one): 550 5.1.1.</summary>
    Unknown,

    /// <summary>Outside the trust space: 550 5.7.1, MSSanté mail never leaves it.</summary>
    OutsideTrustSpace,

    /// <summary>A BAL hosted here at its quota: 552 5.2.2 (RFC 3463 mailbox full; RFC 5321 §4.5.3.1.10 has clients retry it).</summary>
    MailboxFull,

    /// <summary>The directory could not be read: 451 4.3.0.</summary>
    Unavailable,

    /// <summary>An MTA delivers only to BALs hosted here: 550 5.7.1, it relays for nobody.</summary>
    NotHostedHere,
}

/// <param name="Address">The recipient as it will be recorded (a local BAL as the store spells it).</param>
public sealed record RecipientDecision(RecipientKind Kind, string Address)
{
    /// <summary>RFC 3461 NOTIFY as the client gave it (null: the default, failures only).</summary>
    public string? Notify { get; init; }

    /// <summary>RFC 3461 ORCPT ("rfc822;address"), or null.</summary>
    public string? Orcpt { get; init; }
}

/// <summary>A message ready to be made durable: envelope, session facts and content (Received and fixes included).</summary>
public sealed record SubmittedMessage(
    string MailId,
    string Sender,
    IReadOnlyList<RecipientDecision> Recipients,
    DateTimeOffset ReceivedAt,
    IPAddress? ClientAddress,
    Func<Stream> OpenContent)
{
    /// <summary>RFC 3461 ENVID of the transaction, or null.</summary>
    public string? EnvId { get; init; }

    /// <summary>RFC 3461 RET (FULL or HDRS), or null.</summary>
    public string? Ret { get; init; }
}

/// <summary>MSSanté's rules on envelopes and where mail goes: the Operator answers.</summary>
public interface ISubmissionPolicy
{
    Task<RecipientDecision> CheckRecipientAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// On an MTA front: whether the peer that presented <paramref name="certificate"/> (with the intermediates it sent)
    /// may send mail from <paramref name="sender"/> ("" for the null sender); null accepts, else the reply to MAIL.
    /// </summary>
    Task<SmtpReply?> CheckPeerAsync(string sender, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
        Task.FromResult<SmtpReply?>(new SmtpReply(550, "5.7.1", "This server takes no mail from other operators."));

    /// <summary>
    /// Whether the header From fields of a message submitted by <paramref name="sender"/> (the authenticated BAL) are
    /// acceptable: null accepts, else the sentence of a <c>550 5.7.1</c>. Called only when the message has a From; one
    /// without gets the sender as From (RFC 6409 §8).
    /// </summary>
    string? AuthorProblem(string sender, IReadOnlyList<string> fromFields) => null;

    /// <summary>Makes the message durable for every recipient; returns only once committed and fsynced.</summary>
    /// <exception cref="Exception">Any failure: the session answers 451 4.3.0 and nothing was delivered.</exception>
    Task DeliverAsync(SubmittedMessage message, CancellationToken cancellationToken);
}
