using System.CommandLine;
using OpenMss.Pki;

namespace OpenMss.Cli.Commands;

/// <summary><c>openmss pki init|issue-client</c>: test certificates shaped like IGC Santé's.</summary>
internal static class PkiCommands
{
    public static Command Create(CliContext context) =>
        new("pki", "Make TEST certificates shaped like IGC Santé (never for production).") { Init(context), IssueClient(context) };

    private static Command Init(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Directory to create the PKI in (must not hold one).", Required = true, HelpName = "DIR" };
        var hosts = new Option<string[]>("--host") { Description = "Host name or IP address for the server certificate (repeat; default localhost, 127.0.0.1, ::1).", HelpName = "HOST" };
        var (cn, idNatStruc, org, st) = SubjectOptions(required: false);
        var command = new Command("init", "Create a root, the organisations and servers intermediates, a server certificate and an ORG AUTH_CLI client certificate (app.pem).")
        {
            output, hosts, cn, idNatStruc, org, st,
        };
        command.SetAction((parseResult, _) => Verb.RunAsync(context, async () =>
        {
            var defaults = TestPki.DefaultClient;
            var subject = new OrgSubject(
                parseResult.GetValue(cn) ?? defaults.CommonName,
                parseResult.GetValue(idNatStruc) ?? defaults.IdNatStruc,
                parseResult.GetValue(org) ?? defaults.StructureName,
                parseResult.GetValue(st) ?? defaults.Departement);
            var requested = parseResult.GetValue(hosts);
            var layout = TestPki.Init(parseResult.GetRequiredValue(output), requested is { Length: > 0 } ? requested : TestPki.DefaultServerHosts, subject, context.Clock.GetUtcNow());
            await context.Out.WriteLineAsync($"Test PKI created in {layout.Directory}: trust anchor {layout.TrustAnchor}, server {layout.Server}, AUTH_CLI client {layout.ClientCertificate(TestPki.DefaultClientName)}.");
        }));
        return command;
    }

    private static Command IssueClient(CliContext context)
    {
        var pki = new Option<string>("--pki") { Description = "Directory of a test PKI made by 'pki init'.", Required = true, HelpName = "DIR" };
        var name = new Option<string>("--name") { Description = "File name (without extension) for the new certificate and key.", Required = true, HelpName = "NAME" };
        var (cn, idNatStruc, org, st) = SubjectOptions(required: true);
        var command = new Command("issue-client", "Issue another ORG AUTH_CLI client certificate from the organisations intermediate.")
        {
            pki, name, cn, idNatStruc, org, st,
        };
        command.SetAction((parseResult, _) => Verb.RunAsync(context, async () =>
        {
            var subject = new OrgSubject(parseResult.GetRequiredValue(cn)!, parseResult.GetRequiredValue(idNatStruc)!, parseResult.GetRequiredValue(org)!, parseResult.GetRequiredValue(st)!);
            var (certificate, key) = TestPki.IssueClient(parseResult.GetRequiredValue(pki), parseResult.GetRequiredValue(name), subject, context.Clock.GetUtcNow());
            await context.Out.WriteLineAsync($"AUTH_CLI client certificate {certificate} (key {key}) issued for OU={subject.IdNatStruc}.");
        }));
        return command;
    }

    private static (Option<string?> Cn, Option<string?> IdNatStruc, Option<string?> Org, Option<string?> St) SubjectOptions(bool required) =>
    (
        new Option<string?>("--cn") { Description = "CN of the client certificate (free text).", Required = required, HelpName = "TEXT" },
        new Option<string?>("--idnatstruc") { Description = "OU of the client certificate: the structure's IdNatStruc.", Required = required, HelpName = "IDNATSTRUC" },
        new Option<string?>("--org") { Description = "O of the client certificate: the structure's name.", Required = required, HelpName = "NAME" },
        new Option<string?>("--st") { Description = "ST of the client certificate: the département and its code, e.g. \"Paris (75)\".", Required = required, HelpName = "DEPARTEMENT" }
    );
}
