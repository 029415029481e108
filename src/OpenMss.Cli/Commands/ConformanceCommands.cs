using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OpenMss.Cli.Sandbox;
using OpenMss.Conformance.Lps;
using OpenMss.Conformance.Model;
using OpenMss.Conformance.Reports;
using OpenMss.Pki;
using OpenMss.Psc.Sandbox;
using OpenMss.Sandbox.Mes;

namespace OpenMss.Cli.Commands;

/// <summary>
/// <c>openmss conformance</c> (DESIGN.md §5): <c>lps</c> plays the reference operator and judges an LPS on
/// MOTCO2-class cases. Writes DIR/conformance.json once everything listens, then DIR/report.html, report.json,
/// junit.xml and DIR/transcripts. Exit 0 only when no blocking or critical case failed or was left unrun.
/// </summary>
internal static class ConformanceCommands
{
    public static Command Create(CliContext context) =>
        new("conformance", "Judge an LPS (or an operator's API LPS) on MSSanté conformance cases; HTML, JSON and JUnit reports.") { Lps(context), ConformanceOperatorCommand.Create(context) };

    private static Command Lps(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "per-org (BAL PER/ORG, PSC) or app (BAL APP, AUTH_CLI certificate).", Required = true, HelpName = "per-org|app" };
        var output = new Option<string>("--out") { Description = "Directory for conformance.json, the reports and the transcripts (its test PKI and store are kept between runs).", Required = true, HelpName = "DIR" };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds allowed: for the --run command, or for each guided step (default 600).", HelpName = "S" };
        var only = new Option<string?>("--only") { Description = "Run and report one case (its id, e.g. LPS-TLS-01).", HelpName = "CASE" };
        var run = new Option<string?>("--run") { Description = "Scripted mode: the command that plays the LPS, run once everything listens with OPENMSS_CONFORMANCE=DIR/conformance.json; judged when it exits.", HelpName = "CMD" };
        var nil = new Option<string?>("--nil") { Description = "The product's NIL (Convergence): every message must carry it in X-MSS-NIL.", HelpName = "NIL" };
        var product = new Option<string?>("--product") { Description = "The product's name for the report.", HelpName = "NAME" };
        var attestations = new Option<FileInfo?>("--attestations") { Description = "JSON answers to the attestation cases: {\"LPS-ATT-01\": {\"yes\": true, \"comment\": \"...\"}}.", HelpName = "FILE" };
        var portsBase = new Option<int?>("--ports-base") { Description = $"Port base (default {ConformancePorts.DefaultBase}): fronts base+143/144/587/588, DNS base+53, PSC base+443, case fronts base+2001 onwards.", HelpName = "N" };
        var command = new Command("lps", "Start a reference operator with every test front, guide or run the LPS under test through the steps, and judge each case.")
        {
            profile, output, timeout, only, run, nil, product, attestations, portsBase,
        };
        command.SetAction((parseResult, cancellationToken) => Verb.RunAsync(context, async () =>
        {
            var chosen = LpsProfiles.Parse(parseResult.GetRequiredValue(profile)) ?? throw new UsageException($"--profile must be per-org or app, not '{parseResult.GetValue(profile)}'.");
            var directory = Path.GetFullPath(parseResult.GetRequiredValue(output));
            var ports = new ConformancePorts(parseResult.GetValue(portsBase) ?? ConformancePorts.DefaultBase);
            if (!ports.IsValid)
            {
                throw new UsageException($"--ports-base {ports.Base} puts listeners outside 1024-65535.");
            }

            var seconds = parseResult.GetValue(timeout) ?? 600;
            if (seconds <= 0)
            {
                throw new UsageException("--timeout must be a positive number of seconds.");
            }

            var onlyCase = parseResult.GetValue(only);
            if (onlyCase is not null && LpsCases.For(chosen).All(c => c.Case.Id != onlyCase))
            {
                throw new UsageException($"'{onlyCase}' is not a case of the {chosen.Name()} profile ({string.Join(", ", LpsCases.For(chosen).Select(c => c.Case.Id))}).");
            }

            var options = new LpsRunOptions(
                parseResult.GetValue(product) ?? "LPS under test",
                parseResult.GetValue(nil),
                TimeSpan.FromSeconds(seconds),
                onlyCase,
                parseResult.GetValue(run),
                ReadAttestations(parseResult.GetValue(attestations)));
            await using var environment = await StartAsync(directory, chosen, ports, context, cancellationToken);
            var manifest = WriteManifest(environment, directory, options.Nil);
            await context.Out.WriteLineAsync($"Reference operator ready for the {chosen.Name()} profile; {manifest} describes it.");
            var report = await LpsRunner.RunAsync(environment, options, manifest, directory, context.Out, options.RunCommand is null ? Console.In : null, cancellationToken);
            ReportFiles.Write(report, directory);
            await context.Out.WriteLineAsync(Summary(report, directory));
            if (!report.Proven)
            {
                throw new CheckFailedException($"Conformance not proven: Niveau {report.Level.ToString(CultureInfo.InvariantCulture)}, {report.Count(Outcome.Failed)} case(s) failed, {report.Results.Count(r => r.Outcome == Outcome.NotRun && r.Case.Kind == CaseKind.Observed && r.Case.Severity != Severity.Minor)} blocking or critical case(s) not run.");
            }
        }));
        return command;
    }

    private static async Task<LpsEnvironment> StartAsync(string directory, LpsProfile profile, ConformancePorts ports, CliContext context, CancellationToken cancellationToken)
    {
        foreach (var (address, port) in new[] { (ConformancePorts.Front, ports.Standard.ImapPsc), (ConformancePorts.Front, ports.Psc), (ConformancePorts.Front, ports.Case(1).Port), (ConformancePorts.Backend, ports.Standard.ImapPsc), (ConformancePorts.Backend, ports.OldTlsServer.Port) })
        {
            if (Operator.Hosting.PortCheck.Problem(address, port) is { } problem)
            {
                throw new UsageException($"{problem} Choose other ports with --ports-base.");
            }
        }

        try
        {
            return await LpsEnvironment.StartAsync(directory, profile, ports, context.Clock, cancellationToken);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("openssl", StringComparison.Ordinal))
        {
            throw new CheckFailedException(e.Message);
        }
    }

    private static Dictionary<string, Attestation> ReadAttestations(FileInfo? file)
    {
        if (file is null)
        {
            return new Dictionary<string, Attestation>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Attestation>>(File.ReadAllText(file.FullName), Json.Options)
                ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new UsageException($"{file.FullName} is not a JSON object of attestations ({{\"LPS-ATT-01\": {{\"yes\": true}}}}): {e.Message}");
        }
    }

    /// <summary>DIR/conformance.json: shaped like sandbox.json (psc, ca, dns, operators, accounts, patients), plus the listeners and steps of the run.</summary>
    private static string WriteManifest(LpsEnvironment environment, string directory, string? nil)
    {
        static string At(System.Net.IPEndPoint endpoint) => $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        var listeners = environment.Listeners;
        var pki = environment.Pki;
        var app = (Certificate: pki.ClientCertificate(TestPki.DefaultClientName), Key: pki.ClientKey(TestPki.DefaultClientName));
        var structure = TestPki.DefaultClient.IdNatStruc;
        var manifest = new
        {
            Psc = PscSandboxDescription.Of(environment.Psc),
            Ca = pki.TrustAnchor,
            Dns = At(environment.Ports.Dns),
            Crl = environment.CrlUrl,
            Profile = environment.Profile.Name(),
            Nil = nil,
            Operators = new[]
            {
                new SandboxManifest.OperatorEntry(
                    ReferenceOperator.Domain,
                    new(At(listeners[ListenerNames.ImapPsc]), At(listeners[ListenerNames.ImapAuthCli])),
                    new(At(listeners[ListenerNames.SubmissionPsc]), At(listeners[ListenerNames.SubmissionAuthCli]))),
            },
            Accounts = new[]
            {
                new SandboxManifest.AccountEntry(ReferenceOperator.PerBal, "PER", IdNat: ReferenceOperator.PerHolder),
                new SandboxManifest.AccountEntry(ReferenceOperator.ColleagueBal, "PER", IdNat: ReferenceOperator.ColleagueHolder),
                new SandboxManifest.AccountEntry(ReferenceOperator.AppBal, "APP", IdNatStruc: structure, Certificate: app.Certificate, Key: app.Key),
                environment.Profile == LpsProfile.PerOrg
                    ? new SandboxManifest.AccountEntry(ReferenceOperator.UnreachableBal(environment.Profile), "PER", IdNat: ReferenceOperator.PerHolder)
                    : new SandboxManifest.AccountEntry(ReferenceOperator.UnreachableBal(environment.Profile), "APP", IdNatStruc: structure, Certificate: app.Certificate, Key: app.Key),
            },
            Patients = new SandboxManifest.PatientsSection(MesStandIn.Domain, [new(ReferenceOperator.PatientAddress, MesPatient.Defaults[0].Ins, MesPatient.Defaults[0].DisplayName)], ReferenceOperator.PatientAddress),
            Cda = environment.CdaDirectory,
            Gateway = environment.GatewayUrl,
            Listeners = listeners.ToDictionary(l => l.Key, l => At(l.Value)),
            Steps = environment.Steps,
        };
        // As sandbox.json: readable by its owner only (it lists the PSC sandbox clients' secrets), written whole then renamed.
        var path = Path.Combine(directory, SandboxManifest.ConformanceFileName);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path + ".tmp", options))
        {
            JsonSerializer.Serialize(stream, manifest, Json.Options);
        }

        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    public static string Summary(ConformanceReport report, string directory) =>
        string.Join('\n', report.Results.Select(r => $"{JsonReport.Name(r.Outcome),-8} {r.Case.Id,-12} {r.Case.Title}: {r.Summary}"))
        + $"\n{report.Count(Outcome.Passed)} passed, {report.Count(Outcome.Failed)} failed, {report.Count(Outcome.NotRun)} not run. Niveau {report.Level.ToString(CultureInfo.InvariantCulture)}. Reports in {directory} (report.html, report.json, junit.xml).";
}
