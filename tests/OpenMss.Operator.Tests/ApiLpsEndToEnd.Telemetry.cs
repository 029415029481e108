using System.Collections.Concurrent;
using System.Diagnostics;
using OpenMss.Operator.Telemetry;
using OpenMss.TestSupport;

namespace OpenMss.Operator.Tests;

/// <summary>Metrics on the Prometheus endpoint and traces after a real submission; no secret in either.</summary>
public abstract partial class ApiLpsEndToEnd
{
    [Fact]
    public async Task A_submission_leaves_metrics_and_a_trace_from_session_to_store_without_the_token()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OperatorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var token = await Psc.TokenAsync(Holder);
        var message = Path.GetTempFileName();
        await File.WriteAllTextAsync(message, $"From: {Per}\r\nTo: {Org}\r\nSubject: traced\r\nX-MSS-NIL: DEV935997\r\n\r\nBonjour.\r\n");
        try
        {
            var curl = await ProcessRunner.RunAsync("curl",
            [
                "-sS", "--url", $"smtp://127.0.0.1:{Port(Ports.SubmissionPsc)}", "--ssl-reqd", "--cacert", Pki.TrustAnchor,
                "--oauth2-bearer", token, "--login-options", "AUTH=XOAUTH2", "--user", Per, "--mail-from", Per, "--mail-rcpt", Org, "--upload-file", message,
            ]);
            curl.ExitCode.ShouldBe(0, curl.Error);
        }
        finally
        {
            File.Delete(message);
        }

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{Port(Ports.Admin)}/metrics");
        metrics.ShouldContain("openmss_sessions_total{");
        metrics.ShouldContain("openmss_authentications_total{");
        metrics.ShouldMatch("openmss_authentications_total\\{[^}]*front=\"psc\"[^}]*outcome=\"success\"");
        metrics.ShouldContain("openmss_submissions_total{");
        metrics.ShouldContain("openmss_psc_validation_duration_seconds_bucket{");
        metrics.ShouldMatch("openmss_authentication_duration_seconds_count\\{[^}]*front=\"psc\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
        metrics.ShouldContain("openmss_store_commit_duration_seconds_bucket{");
        metrics.ShouldContain("openmss_queue_depth");
        metrics.ShouldNotContain(token);

        var stored = activities.Where(a => a.OperationName == "store submission").ToList();
        stored.ShouldNotBeEmpty();
        stored.ShouldContain(s => activities.Any(a => a.OperationName == "smtp session" && a.TraceId == s.TraceId)
            && activities.Any(a => a.OperationName == "authenticate" && a.TraceId == s.TraceId && (string?)a.GetTagItem("openmss.outcome") == "success"));
        activities.SelectMany(a => a.TagObjects).ShouldAllBe(tag => !(tag.Value is string && ((string)tag.Value!).Contains(token, StringComparison.Ordinal)));
    }
}
