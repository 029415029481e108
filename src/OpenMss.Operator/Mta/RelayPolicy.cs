using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Operator.Authentication;
using OpenMss.Operator.Identifiers;
using OpenMss.Operator.Submission;
using OpenMss.Operator.Whitelist;
using OpenMss.Smtp.Protocol;
using OpenMss.Smtp.Server;
using OpenMss.Storage;
using OpenMss.Storage.Model;

using OpenMss.Operator.Quota;

namespace OpenMss.Operator.Mta;

/// <summary>
/// MSSanté's rules for mail from other operators (spec §10, DESIGN §4): the peer presents a certificate that chains
/// to IGC Santé and whose DN the whitelist lists for the sender's domain; recipients are BALs hosted here and not
/// deleted; delivery goes through the store's one durable path. Everything refused is refused in the dialogue.
/// </summary>
public sealed class RelayPolicy(IMailStore store, BalQuotas quotas, TrustedPeers peers, CertificateChain chain) : ISubmissionPolicy
{
    public Task<SmtpReply?> CheckPeerAsync(string sender, X509Certificate2? certificate, X509Certificate2Collection intermediates, CancellationToken cancellationToken) =>
        Task.FromResult(Judge(sender, certificate, intermediates));

    private SmtpReply? Judge(string sender, X509Certificate2? certificate, X509Certificate2Collection intermediates)
    {
        if (certificate is null)
        {
            return new SmtpReply(530, "5.7.0", "A client certificate is required: MSSanté operators present their IGC Santé server certificate.");
        }

        if (chain.Problem(certificate, intermediates, usage: null) is { } problem)
        {
            return new SmtpReply(550, "5.7.1", $"The client certificate is refused: {problem}.");
        }

        if (!peers.Loaded)
        {
            return new SmtpReply(451, "4.7.1", "No MSSanté whitelist is in force here yet: try again later.");
        }

        if (sender.Length == 0)
        {
            // A delivery report has no sender domain: the peer must be an MTA the whitelist lists for some domain.
            return peers.AllowsAny(certificate) ? null : new SmtpReply(550, "5.7.1", "The client certificate's DN is not listed in the MSSanté whitelist.");
        }

        var domain = DomainName.NormalizeIdn(sender[(sender.LastIndexOf('@') + 1)..]);
        if (domain is null || !peers.Lists(domain))
        {
            return new SmtpReply(550, "5.7.1", $"The sender's domain {domain ?? sender} is not in the MSSanté whitelist.");
        }

        return peers.Allows(domain, certificate)
            ? null
            : new SmtpReply(550, "5.7.1", $"The client certificate's DN is not listed for {domain} in the MSSanté whitelist.");
    }

    public async Task<RecipientDecision> CheckRecipientAsync(string address, CancellationToken cancellationToken)
    {
        var domain = DomainName.Normalize(address[(address.LastIndexOf('@') + 1)..]);
        return await LocalRecipients.DecideAsync(store, quotas, address, domain, cancellationToken) ?? new RecipientDecision(RecipientKind.NotHostedHere, address);
    }

    public async Task DeliverAsync(SubmittedMessage message, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.OperatorTelemetry.Source.StartActivity("store delivery");
        var inboxes = await LocalRecipients.InboxesAsync(store, message.Recipients.Select(r => r.Address), cancellationToken);
        var submission = new Storage.Model.Submission(message.MailId, message.Sender, message.ReceivedAt, inboxes, [], []);
        await using var content = message.OpenContent();
        await store.Submissions.SubmitAsync(submission, content, long.MaxValue, cancellationToken);
        Telemetry.OperatorTelemetry.Submissions.Add(1, Telemetry.OperatorTelemetry.Tag("source", "mta"));
    }
}
