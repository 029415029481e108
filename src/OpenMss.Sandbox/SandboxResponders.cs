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
public sealed class SandboxResponders : IAsyncDisposable
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

    /// <summary>Writes the responders' test documents into <paramref name="directory"/> (crbio.xml, vsm.xml), for editors to send.</summary>
    public static void WriteDocuments(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (_, document) in All)
        {
            File.WriteAllBytes(Path.Combine(directory, Path.GetFileName(document)), Document(document));
        }
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
        await using var mailbox = _client.OpenApp(address, credential);
        await MailboxLoop.RunAsync(mailbox, async (summary, token) =>
        {
            var question = await mailbox.GetMessageAsync(summary.Uid, cancellationToken: token);
            if (question.From.Mailboxes.FirstOrDefault() is { } asker && !string.Equals(asker.Address, address, StringComparison.OrdinalIgnoreCase))
            {
                await mailbox.SendAsync(Reply(address, asker, question, document), token);
            }
        }, _logger, _stop.Token);
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
}
