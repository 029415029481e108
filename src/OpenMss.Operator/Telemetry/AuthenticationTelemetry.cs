using System.Diagnostics;
using OpenMss.Operator.Authentication;

namespace OpenMss.Operator.Telemetry;

/// <summary>What an authentication leaves in metrics and its trace span: front, mechanism, outcome; never the credential.</summary>
public static class AuthenticationTelemetry
{
    /// <param name="started">When the credential came in (<see cref="Stopwatch.GetTimestamp"/>).</param>
    public static void Record(Activity? activity, string front, string mechanism, AuthenticationVerdict verdict, long started)
    {
        var outcome = verdict.ToString().ToLowerInvariant();
        OperatorTelemetry.Authentications.Add(1, OperatorTelemetry.Tag("front", front), OperatorTelemetry.Tag("outcome", outcome));
        OperatorTelemetry.AuthenticationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, OperatorTelemetry.Tag("front", front), OperatorTelemetry.Tag("outcome", outcome));
        activity?.SetTag("openmss.front", front);
        activity?.SetTag("openmss.mechanism", mechanism.ToUpperInvariant());
        activity?.SetTag("openmss.outcome", outcome);
        if (verdict != AuthenticationVerdict.Success)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }
}
