using System.Globalization;
using DnsClient;
using DnsClient.Protocol;
using MimeKit;
using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Operator;

/// <summary>What the operator publishes and keeps: SRV autoconfiguration records, and the MSSanté headers of a delivered message.</summary>
public static class ServiceChecks
{
    public static OperatorCheck SrvPublished() => new(
        new("OP-SRV-01", "SRV records published for both fronts", ["ECO.1.1.9", "SC.MSS/CONF.04", "MSSANTE §4"], Severity.Critical, CaseKind.Observed,
            "_imap._tcp and _submission._tcp of --domain at --dns: priority 10 leads to the PSC fronts given, priority 20 to the AUTH_CLI fronts (when given), targets that resolve."),
        async (c, context, cancellationToken) =>
        {
            var target = context.Target;
            if (target.Dns is not { } server || target.Domain is not { } domain)
            {
                return CaseResult.NotRun(c, "No --dns and --domain given.");
            }

            var lookup = new LookupClient(new LookupClientOptions(server) { UseCache = false, Timeout = TimeSpan.FromSeconds(5), Retries = 1 });
            var lines = new List<string>();
            var problems = new List<string>();
            foreach (var (service, psc, authCli) in new[] { ("_imap._tcp", target.Imap, target.ImapAuthCli), ("_submission._tcp", target.Submission, target.SubmissionAuthCli) })
            {
                var answer = await lookup.QueryAsync($"{service}.{domain}", QueryType.SRV, cancellationToken: cancellationToken);
                var records = answer.Answers.SrvRecords().ToList();
                lines.AddRange(records.Select(r => $"{service}.{domain} SRV {r.Priority} {r.Weight} {r.Port} {r.Target}"));
                foreach (var (priority, front) in new[] { (10, (System.Net.DnsEndPoint?)psc), (20, authCli) })
                {
                    var matching = records.Where(r => r.Priority == priority).ToList();
                    if (matching.Count == 0)
                    {
                        if (priority == 10 || front is not null)
                        {
                            problems.Add($"no priority {priority} record for {service}.{domain}");
                        }

                        continue;
                    }

                    if (front is not null && matching.All(r => r.Port != front.Port))
                    {
                        problems.Add($"the priority {priority} record of {service} gives port {matching[0].Port}, not {front.Port.ToString(CultureInfo.InvariantCulture)}");
                    }

                    var address = await lookup.QueryAsync(matching[0].Target.Value.TrimEnd('.'), QueryType.A, cancellationToken: cancellationToken);
                    if (!address.Answers.ARecords().Any())
                    {
                        problems.Add($"{matching[0].Target} has no address");
                    }
                }
            }

            var evidence = new Evidence("DNS", string.Join('\n', lines));
            return problems.Count == 0
                ? CaseResult.Passed(c, $"{lines.Count} SRV records, matching the fronts given.", evidence)
                : CaseResult.Failed(c, string.Join("; ", problems) + ".", evidence);
        });

    public static OperatorCheck HeadersKept() => new(
        new("OP-HDR-01", "MSSanté headers kept on delivery", ["ECO.2.4.1", "ECO.2.4.2", "ECO.2.4.3", "MSSANTE §5.1"], Severity.Critical, CaseKind.Observed,
            "A message from the BAL to itself with X-MSS-NIL, X-MSS-CODECDA and X-MSS-INS, submitted then fetched by IMAP: the headers arrive unchanged."),
        async (c, context, cancellationToken) =>
        {
            var bal = context.Target.Bal;
            var marker = $"{Guid.NewGuid():N}@conformance.invalid";
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(bal));
            message.To.Add(MailboxAddress.Parse(bal));
            message.Subject = "OpenMSS conformance: headers kept";
            message.MessageId = marker;
            message.Headers.Add("X-MSS-NIL", "OPENMSS-CONFORMANCE");
            message.Headers.Add("X-MSS-CODECDA", "11502-2,60591-5");
            message.Headers.Add("X-MSS-INS", "N");
            message.Body = new TextPart("plain") { Text = "Sent by openmss conformance operator.\n" };
            using var raw = new MemoryStream();
            var crlf = FormatOptions.Default.Clone();
            crlf.NewLineFormat = NewLineFormat.Dos;
            message.WriteTo(crlf, raw, cancellationToken);

            var token = await context.TokenAsync(cancellationToken);
            await using (var smtp = await context.SmtpAsync("submission-headers", context.Target.Submission, cancellationToken))
            {
                var steps = new[] { (await OperatorContext.SmtpXoauth2Async(smtp, bal, token, cancellationToken))?.Code == 235 };
                var sent = steps[0]
                    && (await smtp.CommandAsync($"MAIL FROM:<{bal}>", cancellationToken))?.Code == 250
                    && (await smtp.CommandAsync($"RCPT TO:<{bal}>", cancellationToken))?.Code == 250
                    && (await smtp.CommandAsync("DATA", cancellationToken))?.Code == 354;
                if (sent)
                {
                    var text = System.Text.Encoding.ASCII.GetString(raw.ToArray()).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
                    await smtp.SendRawAsync(text + "\r\n.\r\n", cancellationToken, $"<message of {raw.Length} bytes>");
                    sent = (await smtp.ReplyAsync(cancellationToken))?.Code == 250;
                }

                if (!sent)
                {
                    return CaseResult.NotRun(c, "The message could not be submitted.", OperatorContext.Evidence(smtp));
                }
            }

            await using var imap = await context.ImapAsync("imap-headers", context.Target.Imap, cancellationToken);
            await OperatorContext.ImapXoauth2Async(imap, bal, token, cancellationToken);
            await imap.CommandAsync("SELECT INBOX", cancellationToken);
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var (found, _) = await imap.CommandAsync($"UID SEARCH HEADER Message-ID \"{marker}\"", cancellationToken);
                var uid = found.FirstOrDefault(l => l.StartsWith("* SEARCH ", StringComparison.OrdinalIgnoreCase))?.Split(' ').Skip(2).FirstOrDefault();
                if (uid is not null)
                {
                    var (fields, _) = await imap.CommandAsync($"UID FETCH {uid} (BODY.PEEK[HEADER.FIELDS (X-MSS-NIL X-MSS-CODECDA X-MSS-INS)])", cancellationToken);
                    var headers = string.Join('\n', fields);
                    await imap.CommandAsync($"UID STORE {uid} +FLAGS (\\Deleted)", cancellationToken);
                    await imap.CommandAsync("EXPUNGE", cancellationToken);
                    return headers.Contains("X-MSS-NIL: OPENMSS-CONFORMANCE", StringComparison.OrdinalIgnoreCase)
                        && headers.Contains("X-MSS-CODECDA: 11502-2,60591-5", StringComparison.OrdinalIgnoreCase)
                        && headers.Contains("X-MSS-INS: N", StringComparison.OrdinalIgnoreCase)
                        ? CaseResult.Passed(c, "The three headers arrived unchanged.", OperatorContext.Evidence(imap, 24))
                        : CaseResult.Failed(c, "The delivered message lost or changed its MSSanté headers.", OperatorContext.Evidence(imap, 24));
                }

                await Task.Delay(TimeSpan.FromSeconds(1), context.Clock, cancellationToken);
                await imap.CommandAsync("NOOP", cancellationToken);
            }

            return CaseResult.Failed(c, "The message submitted to the BAL itself never arrived in its INBOX.", OperatorContext.Evidence(imap, 24));
        });
}
