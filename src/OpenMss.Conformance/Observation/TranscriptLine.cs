namespace OpenMss.Conformance.Observation;

/// <summary>One line of a session's transcript: when (since the session began), who (C client, S server, * the tool), in TLS or not, the redacted text.</summary>
public sealed record TranscriptLine(TimeSpan At, char Who, bool Tls, string Text)
{
    public override string ToString() => $"{At.TotalSeconds,7:0.000} {Who}{(Tls ? "" : " (clear)")}: {Text}";
}
