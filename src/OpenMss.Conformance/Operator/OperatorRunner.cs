using OpenMss.Conformance.Lps;
using OpenMss.Conformance.Model;
using OpenMss.Conformance.Observation;

namespace OpenMss.Conformance.Operator;

/// <summary>Runs the operator checks against a target, one after the other; a check that breaks is reported failed with what broke it, and the run goes on.</summary>
public static class OperatorRunner
{
    public static async Task<ConformanceReport> RunAsync(OperatorTarget target, string? only, string outDirectory, TimeProvider clock, TextWriter output, CancellationToken cancellationToken)
    {
        var log = new ObservationLog(clock);
        var context = new OperatorContext(target, log);
        var started = clock.GetUtcNow();
        context.UnusedToken = await context.TokenAsync(cancellationToken);
        var results = new List<CaseResult>();
        foreach (var check in OperatorChecks.All.Where(c => only is null || c.Case.Id == only))
        {
            await output.WriteLineAsync($"{check.Case.Id} {check.Case.Title}...");
            CaseResult result;
            try
            {
                result = await check.Run(check.Case, context, cancellationToken);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or System.Security.Authentication.AuthenticationException or TimeoutException or DnsClient.DnsResponseException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                result = CaseResult.Failed(check.Case, $"The check could not complete: {e.Message}");
            }

            results.Add(result);
        }

        TranscriptFiles.Write(log, Path.Combine(outDirectory, "transcripts"));
        return new ConformanceReport("operator", "api-lps", target.Describe(), null, started, clock.GetUtcNow(), results);
    }
}
