using Microsoft.Extensions.Logging;
using MimeKit;
using OpenMss.Lps;
using OpenMss.Lps.Documents;
using OpenMss.Xdm;

namespace OpenMss.Sandbox;

/// <summary>
/// The trust space's XDM test responders (seed 004): <c>vsm@</c> and <c>crbio-xdm@</c> of the responder domain. Any
/// message they get is answered with a test patient's synthesis (VSM) or lab report (CR-BIO) as IHE_XDM, with the
/// X-MSS headers and the DDM subject, then deleted. Each is an application on a BAL APP using the SDK, through the
/// operator's fronts like any LPS.
/// </summary>
public sealed partial class SandboxResponders : IAsyncDisposable
{
    public const string Domain = "repondeur.mssante.test";

    /// <summary>Each responder's address and the test document it sends back.</summary>
    public static readonly IReadOnlyList<(string Address, string Document)> All =
        [($"vsm@{Domain}", "cda/vsm.xml"), ($"crbio-xdm@{Domain}", "cda/crbio.xml")];

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly MssClient _client;
    private readonly ILogger _logger;

    private SandboxResponders(MssClient client, ILogger logger)
    {
        _client = client;
        _logger = logger;
    }

    public static SandboxResponders Start(MssClientOptions options, AuthCliCredential credential, ILogger logger)
    {
        var responders = new SandboxResponders(new MssClient(options), logger);
        foreach (var (address, document) in All)
        {
            responders._loops.Add(Task.Run(() => responders.AnswerAsync(address, Document(document), credential)));
        }

        return responders;
    }

    private static byte[] Document(string name)
    {
        using var resource = typeof(SandboxResponders).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    private async Task AnswerAsync(string address, byte[] document, AuthCliCredential credential)
    {
        var token = _stop.Token;
        await using var mailbox = _client.OpenApp(address, credential);
        while (!token.IsCancellationRequested)
        {
            try
            {
                foreach (var summary in (await mailbox.ListNewAsync(cancellationToken: token)).Messages)
                {
                    var question = await mailbox.GetMessageAsync(summary.Uid, cancellationToken: token);
                    if (question.From.Mailboxes.FirstOrDefault() is { } asker && !string.Equals(asker.Address, address, StringComparison.OrdinalIgnoreCase))
                    {
                        await mailbox.SendAsync(Reply(address, asker, question, document), token);
                    }

                    await mailbox.MarkProcessedAsync(summary.Uid, delete: true, cancellationToken: token);
                }

                await mailbox.WaitForNewMailAsync(TimeSpan.FromSeconds(30), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A responder must outlive one bad message or a restart of its operator.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(_logger, address, e.GetType().Name, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    private static MimeMessage Reply(string address, MailboxAddress asker, MimeMessage question, byte[] document)
    {
        var reply = new MimeMessage { Body = new TextPart("plain") { Text = "Réponse automatique du répondeur de test OpenMSS : document de test ci-joint (IHE_XDM).\r\n" } };
        reply.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(Domain);
        reply.From.Add(new MailboxAddress(null, address));
        reply.To.Add(asker);
        if (question.MessageId is { } id)
        {
            reply.InReplyTo = id;
        }

        var headers = MssDocuments.Attach(reply, [document], new XdmSender(address, "Répondeur de test OpenMSS", "OpenMSS sandbox", "1.0", "OpenMSS"), DateTimeOffset.UtcNow);
        reply.Subject = MssDocuments.DdmSubject(headers[0]);
        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _client.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Responder {Address}: {Error}: {Detail}; trying again")]
    private static partial void LogFailed(ILogger logger, string address, string error, string detail);
}
