using System.Diagnostics;
using System.Globalization;
using OpenMss.Conformance.Model;

namespace OpenMss.Conformance.Lps;

/// <summary>
/// The referencing job of a profile: every step in order (guided: printed one at a time, each over when the tester
/// presses Enter or the LPS has gone quiet; scripted: all at once, then the LPS command is run), then every case
/// judged from what was recorded, and the transcripts written beside the reports.
/// </summary>
public static class LpsRunner
{
    /// <summary>A guided step is over when the LPS has been quiet this long after doing something.</summary>
    public static readonly TimeSpan QuietAfterActivity = TimeSpan.FromSeconds(5);

    public const string EnvironmentVariable = "OPENMSS_CONFORMANCE";

    public static async Task<ConformanceReport> RunAsync(LpsEnvironment environment, LpsRunOptions options, string manifest, string outDirectory, TextWriter output, TextReader? input, CancellationToken cancellationToken)
    {
        var clock = environment.Log.Clock;
        var started = clock.GetUtcNow();
        var cases = LpsCases.For(environment.Profile).Where(c => options.Only is null || c.Case.Id == options.Only).ToList();
        var steps = environment.Steps.Where(s => options.Only is null || s.Cases.Contains(options.Only)).ToList();
        var attestations = new Dictionary<string, Attestation>(options.Attestations, StringComparer.Ordinal);
        if (options.RunCommand is { } command)
        {
            await output.WriteLineAsync($"The LPS under test should now take these {steps.Count} steps (conformance.json lists them for scripts):");
            for (var i = 0; i < steps.Count; i++)
            {
                await output.WriteLineAsync($"  {i + 1}. [{steps[i].Id}] {steps[i].Text}");
            }

            await output.WriteLineAsync($"Running: {command}");
            await RunCommandAsync(command, manifest, options.Timeout, output, cancellationToken);
        }
        else
        {
            await GuideAsync(environment, steps, options.Timeout, output, input, cancellationToken);
            await AskAsync(cases, attestations, output, input, cancellationToken);
        }

        await SettleAsync(environment, cancellationToken);
        var observations = new LpsObservations(environment.Log, environment.Profile, options.Nil, attestations);
        var results = cases.Select(c => c.Run(observations)).ToList();
        TranscriptFiles.Write(environment.Log, Path.Combine(outDirectory, "transcripts"));
        return new ConformanceReport("lps", environment.Profile.Name(), options.Product, options.Nil, started, clock.GetUtcNow(), results);
    }

    private static async Task RunCommandAsync(string command, string manifest, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment[EnvironmentVariable] = manifest;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{command}' could not be started.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            await output.WriteLineAsync($"The LPS command exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}; judging.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await output.WriteLineAsync($"The LPS command was still running after {timeout.TotalSeconds:0} s: stopped; judging what was seen.");
        }
    }

    private static async Task GuideAsync(LpsEnvironment environment, List<LpsStep> steps, TimeSpan timeout, TextWriter output, TextReader? input, CancellationToken cancellationToken)
    {
        var clock = environment.Log.Clock;
        var enter = input is null ? null : ReadLinesAsync(input, cancellationToken);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            await output.WriteLineAsync($"Step {i + 1}/{steps.Count} [{step.Id}] {step.Text}");
            await output.WriteLineAsync($"  (cases {string.Join(", ", step.Cases)}; press Enter when done, or the step ends {QuietAfterActivity.TotalSeconds:0} s after the LPS goes quiet)");
            var began = clock.GetUtcNow();
            var deadline = began + timeout;
            while (clock.GetUtcNow() < deadline)
            {
                if (enter is not null && enter.Reader.TryRead(out _))
                {
                    break;
                }

                var last = environment.Log.LastActivity;
                if (last > began && clock.GetUtcNow() - last > QuietAfterActivity && environment.Log.Sessions.All(s => s.Ended is not null))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
            }
        }
    }

    /// <summary>Asks the tester each attestation not answered yet, when someone is there to answer.</summary>
    private static async Task AskAsync(IEnumerable<JudgedCase<LpsObservations>> cases, Dictionary<string, Attestation> attestations, TextWriter output, TextReader? input, CancellationToken cancellationToken)
    {
        if (input is null)
        {
            return;
        }

        foreach (var attested in cases.Select(c => c.Case).Where(c => c.Kind == CaseKind.Attestation && !attestations.ContainsKey(c.Id)))
        {
            await output.WriteLineAsync($"[{attested.Id}] {attested.Steps} (yes/no, then an optional comment on the same line)");
            var answer = await input.ReadLineAsync(cancellationToken);
            if (answer is null)
            {
                return;
            }

            var parts = answer.Trim().Split(' ', 2);
            if (parts[0].ToLowerInvariant() is "yes" or "y" or "oui" or "o" or "no" or "n" or "non")
            {
                attestations[attested.Id] = new Attestation(parts[0].StartsWith('y') || parts[0].StartsWith('o') || parts[0].StartsWith('Y') || parts[0].StartsWith('O'), parts.Length > 1 ? parts[1] : null);
            }
        }
    }

    /// <summary>Sessions still closing when the LPS is done (its last LOGOUT) are given a moment to end before judging.</summary>
    private static async Task SettleAsync(LpsEnvironment environment, CancellationToken cancellationToken)
    {
        var clock = environment.Log.Clock;
        var until = clock.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (environment.Log.Sessions.Any(s => s.Ended is null) && clock.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken);
        }
    }

    private static System.Threading.Channels.Channel<string> ReadLinesAsync(TextReader input, CancellationToken cancellationToken)
    {
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                await lines.Writer.WriteAsync(line, cancellationToken);
            }

            lines.Writer.TryComplete();
        }, cancellationToken);
        return lines;
    }
}
