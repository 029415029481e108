using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenMss.Conformance.Model;
using OpenMss.Conformance.Operator;
using OpenMss.Conformance.Reports;
using OpenMss.Lps.Autoconfiguration;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss conformance operator</c>: checks an operator's API LPS from outside (TLS, STARTTLS, token and
/// certificate validity, SRV records, headers kept), assuming nothing of OpenMSS; the same reports as the LPS mode.
/// </summary>
internal static class ConformanceOperatorCommand
{
    public static Command Create(CliContext context)
    {
        var imap = new Option<string>("--imap") { Description = "The IMAP PSC front.", Required = true, HelpName = "HOST:PORT" };
        var submission = new Option<string>("--submission") { Description = "The submission PSC front.", Required = true, HelpName = "HOST:PORT" };
        var imapAuthCli = new Option<string?>("--imap-authcli") { Description = "The IMAP AUTH_CLI front.", HelpName = "HOST:PORT" };
        var submissionAuthCli = new Option<string?>("--submission-authcli") { Description = "The submission AUTH_CLI front.", HelpName = "HOST:PORT" };
        var bal = new Option<string>("--bal") { Description = "A BAL PER or ORG the --token-command's professional may open.", Required = true, HelpName = "ADDRESS" };
        var appBal = new Option<string?>("--app-bal") { Description = "A BAL APP the --cert certificate opens.", HelpName = "ADDRESS" };
        var tokenCommand = new Option<string>("--token-command") { Description = "Prints a valid PSC access token of the BAL's holder.", Required = true, HelpName = "CMD" };
        var otherTokenCommand = new Option<string?>("--other-token-command") { Description = "Prints a valid token of a professional who may not open the BAL.", HelpName = "CMD" };
        var revokeCommand = new Option<string?>("--revoke-command") { Description = "Ends the PSC session of the token given on its standard input (a PSC logout).", HelpName = "CMD" };
        var certificate = new Option<FileInfo?>("--cert") { Description = "The ORG AUTH_CLI certificate of the BAL APP's structure, PEM (with its chain).", HelpName = "FILE" };
        var key = new Option<FileInfo?>("--key") { Description = "Its private key, PEM.", HelpName = "FILE" };
        var otherCertificate = new Option<FileInfo?>("--other-cert") { Description = "An AUTH_CLI certificate of another structure, PEM.", HelpName = "FILE" };
        var otherKey = new Option<FileInfo?>("--other-key") { Description = "Its private key, PEM.", HelpName = "FILE" };
        var ca = new Option<FileInfo>("--ca") { Description = "PEM roots the operator's certificates must chain to (IGC Santé's, or a test PKI's ca.pem).", Required = true, HelpName = "FILE" };
        var dns = new Option<string?>("--dns") { Description = "DNS server to read the SRV records from.", HelpName = "HOST:PORT" };
        var domain = new Option<string?>("--domain") { Description = "The domain whose SRV records are checked.", HelpName = "D" };
        var revocationWindow = new Option<int?>("--revocation-window") { Description = "Seconds a revoked token may still be accepted (default 30).", HelpName = "S" };
        var maxWait = new Option<int?>("--max-wait") { Description = "Seconds the checks that wait (token expiry, session end) may wait (default 300).", HelpName = "S" };
        var only = new Option<string?>("--only") { Description = "Run one check (its id, e.g. OP-TLS-03).", HelpName = "CASE" };
        var output = new Option<string>("--out") { Description = "Directory for the reports and transcripts.", Required = true, HelpName = "DIR" };
        var command = new Command("operator", "Check an operator's API LPS from outside and write report.html, report.json, junit.xml.")
        {
            imap, submission, imapAuthCli, submissionAuthCli, bal, appBal, tokenCommand, otherTokenCommand, revokeCommand,
            certificate, key, otherCertificate, otherKey, ca, dns, domain, revocationWindow, maxWait, only, output,
        };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var onlyCase = parseResult.GetValue(only);
            if (onlyCase is not null && OperatorChecks.All.All(c => c.Case.Id != onlyCase))
            {
                throw new UsageException($"'{onlyCase}' is not a check of the operator mode ({string.Join(", ", OperatorChecks.All.Select(c => c.Case.Id))}).");
            }

            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(parseResult.GetRequiredValue(ca).FullName);
            }
            catch (Exception e) when (e is CryptographicException or IOException)
            {
                throw new UsageException($"--ca {parseResult.GetRequiredValue(ca).FullName} holds no PEM certificate: {e.Message}");
            }

            var target = new OperatorTarget(Endpoint(parseResult.GetRequiredValue(imap), "--imap"), Endpoint(parseResult.GetRequiredValue(submission), "--submission"), parseResult.GetRequiredValue(bal), parseResult.GetRequiredValue(tokenCommand), roots)
            {
                ImapAuthCli = parseResult.GetValue(imapAuthCli) is { } a ? Endpoint(a, "--imap-authcli") : null,
                SubmissionAuthCli = parseResult.GetValue(submissionAuthCli) is { } s ? Endpoint(s, "--submission-authcli") : null,
                AppBal = parseResult.GetValue(appBal),
                OtherTokenCommand = parseResult.GetValue(otherTokenCommand),
                RevokeCommand = parseResult.GetValue(revokeCommand),
                Certificate = Certificate(parseResult.GetValue(certificate), parseResult.GetValue(key), "--cert"),
                OtherCertificate = Certificate(parseResult.GetValue(otherCertificate), parseResult.GetValue(otherKey), "--other-cert"),
                Dns = Lps.LpsConnection.DnsServer(parseResult.GetValue(dns)),
                Domain = parseResult.GetValue(domain),
                RevocationWindow = Seconds(parseResult.GetValue(revocationWindow), 30, "--revocation-window"),
                MaximalWait = Seconds(parseResult.GetValue(maxWait), 300, "--max-wait"),
            };
            var directory = Path.GetFullPath(parseResult.GetRequiredValue(output));
            Directory.CreateDirectory(directory);
            ConformanceReport report;
            try
            {
                report = await OperatorRunner.RunAsync(target, onlyCase, directory, context.Clock, context.Out, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new CheckFailedException(e.Message);
            }

            ReportFiles.Write(report, directory);
            await context.Out.WriteLineAsync(ConformanceCommands.Summary(report, directory));
            if (!report.Proven)
            {
                throw new CheckFailedException($"Conformance not proven: Niveau {report.Level.ToString(CultureInfo.InvariantCulture)}, {report.Count(Outcome.Failed)} check(s) failed, {report.Count(Outcome.NotRun)} not run.");
            }
        }));
        return command;
    }

    private static DnsEndPoint Endpoint(string text, string option)
    {
        try
        {
            var endpoint = ServiceEndpoint.Parse(text);
            return new DnsEndPoint(endpoint.Host, endpoint.Port);
        }
        catch (FormatException)
        {
            throw new UsageException($"{option} {text} is not HOST:PORT.");
        }
    }

    private static (X509Certificate2, X509Certificate2Collection)? Certificate(FileInfo? certificate, FileInfo? key, string option)
    {
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new UsageException($"{option} and its key go together.");
        }

        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certificate.FullName);
            chain.RemoveAt(0);
            return (X509Certificate2.CreateFromPemFile(certificate.FullName, key.FullName), chain);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new UsageException($"{option} {certificate.FullName} with {key.FullName} cannot be loaded: {e.Message}");
        }
    }

    private static TimeSpan Seconds(int? value, int fallback, string option) => value switch
    {
        null => TimeSpan.FromSeconds(fallback),
        > 0 => TimeSpan.FromSeconds(value.Value),
        _ => throw new UsageException($"{option} must be a positive number of seconds."),
    };
}
