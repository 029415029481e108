using Microsoft.Extensions.Logging;
using MimeKit;
using OpenMss.Lps;
using OpenMss.Lps.Notifications;

namespace OpenMss.Sandbox.Mes;

/// <summary>
/// The sandbox's Mon espace santé stand-in (spec §8): the patient domain and its test patients, each an application
/// on a BAL APP using the SDK like any LPS. A professional's message is taken when it comes from a professional of
/// the trust space and is under 25 MB, and bounced otherwise; taking it records the exchange (ended by
/// <c>X-MSS-MES: FIN</c>), answers a read receipt by MDN, and has the patient acknowledge it in HTML unless it ended
/// the exchange. <c>reponse.automatique-test@</c> answers every message.
/// </summary>
public sealed class MesStandIn : IAsyncDisposable
{
    public const string Domain = "patient.mssante.test";
    public const string AutomaticAnswerBal = "reponse.automatique-test@" + Domain;
    public const string MailerDaemon = "mailer-daemon@" + Domain;
    public const string ReportingUa = "Mon espace santé (OpenMSS sandbox)";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly MssClient _client;
    private readonly AuthCliCredential _credential;
    private readonly MesExchanges _exchanges;
    private readonly IReadOnlyCollection<string> _professionalDomains;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    private MesStandIn(MssClient client, AuthCliCredential credential, MesExchanges exchanges, IReadOnlyCollection<string> professionalDomains, ILogger logger, TimeProvider clock)
    {
        _client = client;
        _credential = credential;
        _exchanges = exchanges;
        _professionalDomains = professionalDomains;
        _logger = logger;
        _clock = clock;
    }

    /// <summary>Every BAL of the patient domain: the patients', the automatic answer's, and the one bounces come from.</summary>
    public static IReadOnlyList<string> Bals { get; } = [.. MesPatient.Defaults.Select(p => p.Address(Domain)), AutomaticAnswerBal, MailerDaemon];

    /// <param name="professionalDomains">The trust space's professional domains, from which MES takes mail.</param>
    public static MesStandIn Start(MssClientOptions options, AuthCliCredential credential, MesExchanges exchanges, IReadOnlyCollection<string> professionalDomains, ILogger logger, TimeProvider? clock = null)
    {
        var standIn = new MesStandIn(new MssClient(options), credential, exchanges, professionalDomains, logger, clock ?? TimeProvider.System);
        foreach (var patient in MesPatient.Defaults)
        {
            standIn._loops.Add(Task.Run(() => standIn.ServePatientAsync(patient)));
        }

        standIn._loops.Add(Task.Run(standIn.ServeAutomaticAnswerAsync));
        return standIn;
    }

    private async Task ServePatientAsync(MesPatient patient)
    {
        await using var bal = _client.OpenApp(patient.Address(Domain), _credential);
        await MailboxLoop.RunAsync(bal, (summary, token) => TakeAsync(bal, patient, summary, token), _logger, _stop.Token);
    }

    private async Task TakeAsync(MssMailbox bal, MesPatient patient, MssMessageSummary summary, CancellationToken token)
    {
        if (MesRules.Judge(summary.From, summary.Size, Domain, _professionalDomains) == MesRules.TooLarge)
        {
            // Not fetched: the header block of the bounce is rebuilt from the summary.
            await BounceAsync(summary.From!, bal.Address, MesMessages.HeadersOf(summary, bal.Address), MesRules.TooLarge, token);
            return;
        }

        var message = await bal.GetMessageAsync(summary.Uid, cancellationToken: token);
        if (MesRules.Judge(summary.From, summary.Size, Domain, _professionalDomains) is { } refusal)
        {
            if (!MesRules.IsAutomatic(message))
            {
                await BounceAsync(summary.From ?? "", bal.Address, MesMessages.HeadersOf(message), refusal, token);
            }

            return;
        }

        var professional = summary.From!;
        var ends = MesRules.Ends(message);
        // Recorded before any answer, so that whoever sees the read receipt also sees the exchange as it now stands.
        _exchanges.Record(patient.Ins, professional, message.MessageId, ends);
        if (MesRules.IsAutomatic(message))
        {
            return;
        }

        if (message.Headers.Contains(HeaderId.DispositionNotificationTo))
        {
            var receipt = MssNotifications.ReadReceipt(message, bal.Address, ReportingUa);
            receipt.From.Clear();
            receipt.From.Add(new MailboxAddress(patient.DisplayName, bal.Address));
            await bal.SendAsync(receipt, token);
        }

        if (!ends)
        {
            await bal.SendAsync(MesMessages.Acknowledgement(patient, Domain, ReplyAddress(message) ?? professional, message), token);
        }
    }

    /// <summary>The professional's Reply-To when it names a BAL of the trust space (spec §8), else null.</summary>
    private string? ReplyAddress(MimeMessage message) =>
        message.ReplyTo.Mailboxes.Select(m => m.Address).FirstOrDefault(a => MesRules.Judge(a, 0, Domain, _professionalDomains) is null);

    private async Task ServeAutomaticAnswerAsync()
    {
        await using var bal = _client.OpenApp(AutomaticAnswerBal, _credential);
        await MailboxLoop.RunAsync(bal, async (summary, token) =>
        {
            if (MesRules.Judge(summary.From, summary.Size, Domain, _professionalDomains) is not null)
            {
                return;
            }

            var message = await bal.GetMessageAsync(summary.Uid, cancellationToken: token);
            if (!MesRules.IsAutomatic(message))
            {
                await bal.SendAsync(MesMessages.AutomaticAnswer(AutomaticAnswerBal, MailboxAddress.Parse(summary.From!), message), token);
            }
        }, _logger, _stop.Token);
    }

    private async Task BounceAsync(string sender, string recipient, MimeMessage headers, MesRefusal refusal, CancellationToken token)
    {
        if (!sender.Contains('@', StringComparison.Ordinal))
        {
            return; // no one to tell
        }

        await using var daemon = _client.OpenApp(MailerDaemon, _credential);
        await daemon.SendAsync(MesMessages.Bounce(MailerDaemon, Domain, sender, recipient, headers, refusal, _clock.GetUtcNow()), token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _client.Dispose();
        _stop.Dispose();
    }
}
