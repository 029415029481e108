using System.CommandLine;
using MimeKit;
using OpenMss.Lps.Documents;
using OpenMss.Xdm;
using OpenMss.Cli.Commands;
using OpenMss.Lps;
using OpenMss.Lps.Autoconfiguration;

namespace OpenMss.Cli.Lps;

/// <summary>
/// <c>openmss lps autoconfig|send|fetch</c>: a command-line LPS built only on the SDK (DESIGN.md §5), what an editor
/// tries first and what scripts use. Failures the SDK types are one sentence and exit 1.
/// </summary>
internal static class LpsCommands
{
    public static Command Create(CliContext context) => new("lps", "A command-line LPS on the OpenMss.Lps SDK: autoconfiguration, sending, fetching.")
    {
        Autoconfig(context), Send(context), Fetch(context), LpsLoginCommand.Create(context),
    };

    private static Command Autoconfig(CliContext context)
    {
        var address = new Argument<string>("address") { Description = "The BAL address." };
        var type = new Option<string>("--type") { Description = "PER, ORG or APP: the front (SRV priority 10 or 20).", Required = true, HelpName = "PER|ORG|APP" };
        var dns = new Option<string?>("--dns") { Description = "DNS server (default: the system's).", HelpName = "HOST:PORT" };
        var command = new Command("autoconfig", "Print the IMAP and submission fronts of a BAL found by DNS SRV (ECO.1.1.9), as JSON.") { address, type, dns };
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, async () =>
        {
            var balType = parseResult.GetRequiredValue(type).ToUpperInvariant() switch
            {
                "PER" => BalType.Per,
                "ORG" => BalType.Org,
                "APP" => BalType.App,
                var other => throw new UsageException($"--type {other} is not PER, ORG or APP."),
            };
            var server = LpsConnection.DnsServer(parseResult.GetValue(dns));
            var endpoints = await new MssAutoconfiguration(server).ResolveAsync(parseResult.GetRequiredValue(address), balType, cancellationToken);
            await context.Out.WriteLineAsync(Json.Write(new
            {
                imap = new { host = endpoints.Imap[0].Host, port = endpoints.Imap[0].Port },
                submission = new { host = endpoints.Submission[0].Host, port = endpoints.Submission[0].Port },
            }));
        }));
        return command;
    }

    private static Command Send(CliContext context)
    {
        var connection = new LpsConnection();
        var from = new Option<string>("--from") { Description = "The BAL sending.", Required = true, HelpName = "BAL" };
        var to = new Option<string[]>("--to") { Description = "A recipient (repeat for several).", Required = true, HelpName = "ADDRESS" };
        var subject = new Option<string?>("--subject") { Description = "The subject.", HelpName = "S" };
        var body = new Option<FileInfo?>("--body") { Description = "A UTF-8 text file for the body.", HelpName = "FILE" };
        var attach = new Option<FileInfo[]>("--attach") { Description = "A file to attach (repeat for several).", HelpName = "FILE" };
        var cda = new Option<FileInfo[]>("--cda") { Description = "A CDA R2 document of one patient, sent as IHE_XDM.ZIP with X-MSS-CODECDA and X-MSS-INS (repeat for several).", HelpName = "FILE" };
        var ddmSubject = new Option<bool>("--ddm-subject") { Description = "Set the subject XDM/1.0/DDM+<libellé> <NOM> <prénom> <date de naissance> from the first document (ECO.2.1.3)." };
        var pdf = new Option<FileInfo?>("--pdf") { Description = "The PDF rendering of the first document, attached next to IHE_XDM.ZIP under its ECO.2.1.6 name (with --cda).", HelpName = "FILE" };
        var endExchange = new Option<bool>("--end-exchange") { Description = "End the exchange with a patient: X-MSS-MES: FIN (ECO.2.2.8)." };
        var readReceipt = new Option<bool>("--read-receipt") { Description = "Ask for a read receipt (Disposition-Notification-To, RFC 8098)." };
        var nil = new Option<string>("--nil") { Description = "The product reference (NIL) from Convergence, sent as X-MSS-NIL.", Required = true, HelpName = "NIL" };
        var command = new Command("send", "Send a message from a BAL through its submission front; prints its Message-ID.") { from, to, subject, body, attach, cda, ddmSubject, pdf, endExchange, readReceipt, nil };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, async () =>
        {
            var sender = parseResult.GetRequiredValue(from);
            var message = new MimeMessage { Subject = parseResult.GetValue(subject) ?? string.Empty };
            message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(sender[(sender.LastIndexOf('@') + 1)..]);
            message.From.Add(MailboxAddress.Parse(sender));
            foreach (var recipient in parseResult.GetRequiredValue(to))
            {
                message.To.Add(MailboxAddress.Parse(recipient));
            }

            var builder = new BodyBuilder { TextBody = parseResult.GetValue(body) is { } file ? await ReadAsync(file, cancellationToken) : string.Empty };
            foreach (var attachment in parseResult.GetValue(attach) ?? [])
            {
                if (!attachment.Exists)
                {
                    throw new UsageException($"There is no file {attachment.FullName}.");
                }

                await builder.Attachments.AddAsync(attachment.FullName, cancellationToken);
            }

            message.Body = builder.ToMessageBody();
            if (parseResult.GetValue(cda) is { Length: > 0 } documents)
            {
                var contents = new List<byte[]>();
                foreach (var document in documents)
                {
                    contents.Add(document.Exists ? await File.ReadAllBytesAsync(document.FullName, cancellationToken) : throw new UsageException($"There is no file {document.FullName}."));
                }

                try
                {
                    var headers = MssDocuments.Attach(message, contents, new XdmSender(sender, "", "openmss lps", typeof(LpsCommands).Assembly.GetName().Version?.ToString() ?? "0", "OpenMSS"), context.Clock.GetUtcNow());
                    if (parseResult.GetValue(ddmSubject))
                    {
                        message.Subject = MssDocuments.DdmSubject(headers[0]);
                    }

                    if (parseResult.GetValue(pdf) is { } rendering)
                    {
                        MssDocuments.AttachRendering(message, await File.ReadAllBytesAsync(rendering.Exists ? rendering.FullName : throw new UsageException($"There is no file {rendering.FullName}."), cancellationToken), headers[0]);
                    }
                }
                catch (XdmException e)
                {
                    throw new CheckFailedException(e.Message);
                }
            }

            else if (parseResult.GetValue(pdf) is not null)
            {
                throw new UsageException("--pdf is the rendering of a CDA document: give the document with --cda.");
            }

            if (parseResult.GetValue(endExchange))
            {
                message.Headers.Add("X-MSS-MES", "FIN");
            }

            if (parseResult.GetValue(readReceipt))
            {
                message.Headers.Add(HeaderId.DispositionNotificationTo, sender);
            }

            using var client = connection.Client(parseResult, parseResult.GetRequiredValue(nil));
            await using var mailbox = connection.Mailbox(client, parseResult, sender);
            await context.Out.WriteLineAsync(await mailbox.SendAsync(message, cancellationToken));
        }));
        return command;
    }

    private static Command Fetch(CliContext context)
    {
        var connection = new LpsConnection();
        var bal = new Argument<string>("bal") { Description = "The BAL to read." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the messages (UID.eml).", Required = true, HelpName = "DIR" };
        var delete = new Option<bool>("--delete") { Description = "Delete each message from the BAL once its file is safely written." };
        var watch = new Option<int?>("--watch") { Description = "Then keep the session open this many seconds, fetching new mail as it arrives (IMAP IDLE); a PSC logout ends it.", HelpName = "SECONDS" };
        var command = new Command("fetch", "Download the INBOX's messages to DIR and print them as a JSON array (uid, messageId, from, subject, file).") { bal, output, delete, watch };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, async () =>
        {
            var directory = parseResult.GetRequiredValue(output);
            directory.Create();
            using var client = connection.Client(parseResult, nil: null);
            await using var mailbox = connection.Mailbox(client, parseResult, parseResult.GetRequiredValue(bal));
            var fetched = new List<object>();
            var cursor = MssCursor.Start;
            var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Max(0, parseResult.GetValue(watch) ?? 0));
            while (true)
            {
                var page = await mailbox.ListNewAsync(cursor, cancellationToken);
                foreach (var message in page.Messages)
                {
                    var file = Path.Combine(directory.FullName, $"{message.Uid}.eml");
                    await WriteDurablyAsync(file, await mailbox.GetRawAsync(message.Uid, page.Next, cancellationToken), cancellationToken);
                    if (parseResult.GetValue(delete))
                    {
                        await mailbox.MarkProcessedAsync(message.Uid, delete: true, page.Next, cancellationToken);
                    }

                    fetched.Add(new { uid = message.Uid, messageId = message.MessageId, from = message.From, subject = message.Subject, file });
                }

                cursor = page.Messages.Count == 0 ? cursor : page.Next;
                if (page.Messages.Count == 0 && (until - DateTimeOffset.UtcNow <= TimeSpan.Zero || !await mailbox.WaitForNewMailAsync(until - DateTimeOffset.UtcNow, cancellationToken)))
                {
                    break;
                }
            }

            await context.Out.WriteLineAsync(Json.Write(fetched));
        }));
        return command;
    }

    /// <summary>The SDK's typed failures are one sentence and exit 1; its argument checks are usage errors.</summary>
    internal static Task<int> RunAsync(CliContext context, Func<Task> verb) => Verb.RunAsync(context, async () =>
    {
        try
        {
            await verb();
        }
        catch (MssException e)
        {
            throw new CheckFailedException(e.Message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ParseException)
        {
            throw new UsageException(e.Message);
        }
    });

    private static async Task<string> ReadAsync(FileInfo file, CancellationToken cancellationToken) =>
        file.Exists ? await File.ReadAllTextAsync(file.FullName, cancellationToken) : throw new UsageException($"There is no file {file.FullName}.");

    /// <summary>A message is deleted from the BAL only once its file is on disk (written, fsynced, renamed).</summary>
    private static async Task WriteDurablyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
