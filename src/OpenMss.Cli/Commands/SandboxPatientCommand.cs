using System.CommandLine;
using System.Net;
using OpenMss.Cli.Sandbox;
using OpenMss.Lps;
using OpenMss.Sandbox.Mes;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss sandbox patient send</c>: a test patient of the running sandbox writes to a professional, as from Mon
/// espace santé (HTML, <c>From: Prénom Nom &lt;INS@…&gt;</c>), when MES would let it: the professional wrote first,
/// and after an ended exchange only as an answer (<c>--in-reply-to</c>) to one of the professional's messages.
/// </summary>
internal static class SandboxPatientCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Directory of the running sandbox (default ./sandbox).", HelpName = "DIR" };
        var ins = new Option<string>("--ins") { Description = "The patient's INS matricule, as sandbox.json lists it under patients.", Required = true };
        var to = new Option<string>("--to") { Description = "The professional's BAL.", Required = true, HelpName = "ADDRESS" };
        var subject = new Option<string>("--subject") { Description = "Subject.", Required = true };
        var html = new Option<FileInfo?>("--html") { Description = "The HTML body (default: one sentence).", HelpName = "FILE" };
        var inReplyTo = new Option<string?>("--in-reply-to") { Description = "The Message-ID of the professional's message this answers.", HelpName = "ID" };
        var send = new Command("send", "Write as a test patient to a professional, as Mon espace santé allows it; prints the Message-ID.") { data, ins, to, subject, html, inReplyTo };
        send.SetAction((parseResult, cancellationToken) => Lps.LpsCommands.RunAsync(context, async () =>
        {
            var root = Path.GetFullPath(parseResult.GetValue(data) ?? "sandbox");
            var manifest = SandboxManifest.Read(root);
            var patients = manifest.Patients ?? throw new UsageException($"The sandbox in {root} has no Mon espace santé stand-in.");
            var patient = MesPatient.Defaults.FirstOrDefault(p => p.Ins == parseResult.GetValue(ins))
                ?? throw new UsageException($"{parseResult.GetValue(ins)} is not a patient of the sandbox; its patients are {string.Join(", ", patients.Accounts.Select(a => a.Ins))}.");
            var app = manifest.Accounts.First(a => a.Type == "APP");
            var options = new MssClientOptions { Nil = "OPENMSS-SANDBOX-MES", DnsServer = IPEndPoint.Parse(manifest.Dns!), Timeout = TimeSpan.FromSeconds(30) };
            options.Trust.AddRootsFromPem(manifest.Ca);
            var body = parseResult.GetValue(html) is { } file
                ? await File.ReadAllTextAsync(file.FullName, cancellationToken)
                : $"<html><body><p>Message de {WebUtility.HtmlEncode(patient.DisplayName)}.</p></body></html>";
            using var client = new MssClient(options);
            await using var bal = client.OpenApp(patient.Address(patients.Domain), AuthCliCredential.FromPemFiles(app.Certificate!, app.Key!));
            try
            {
                var id = await MesPatientWriter.SendAsync(
                    bal, patient, new MesExchanges(SandboxCommand.MesExchangesPath(root)), parseResult.GetValue(to)!, parseResult.GetValue(subject)!, body, parseResult.GetValue(inReplyTo), cancellationToken);
                await context.Out.WriteLineAsync(id);
            }
            catch (MesRuleException e)
            {
                throw new CheckFailedException(e.Message);
            }
        }));
        return new Command("patient", "Act as a test patient of the Mon espace santé stand-in.") { send };
    }
}
